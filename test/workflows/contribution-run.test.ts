import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createContributionRunActivities } from '../../activities/contribution-run';
import { contributionRunWorkflow } from '../../workflows';
import { contributionRunWorkflowId } from '../../workflows/contributions/ids';
import { contributionRunProgressQuery } from '../../workflows/contributions/messages';
import { createCompany, createEmployee } from '../support/contributions';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

async function companyWithPayroll(employees: number) {
  const companyId = await createCompany(stack.db);
  const people = await Promise.all(Array.from({ length: employees }, () => createEmployee(stack.db, { companyId, workCityCode: '330106', hireDate: '2021-06-01' })));
  await stack.db.payrollEntry.createMany({
    data: people.flatMap((person, index) => ['2023-03', '2023-04'].map((month) => ({ employeeId: person.id, month, grossPay: String(6000 + index * 1000), netPay: '5000', importId: 'test' }))),
  });
  return { companyId, people };
}

test('a month cut into ranges computed side by side gives one line per employee and type, no more', async () => {
  const { companyId, people } = await companyWithPayroll(7);
  const handle = await stack.client.workflow.start(contributionRunWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: contributionRunWorkflowId(companyId, '2024-02'),
    args: [{ companyId, month: '2024-02', batchSize: 2, parallelBatches: 3 }],
  });
  const totals = await handle.result();
  // 杭州 (district 330106 pools to 330100): pension, medical, unemployment, work injury, housing fund.
  expect(totals).toMatchObject({ employeeCount: 7, lineCount: 35, skippedCount: 0 });
  const progress = await handle.query(contributionRunProgressQuery);
  expect(progress).toMatchObject({ phase: 'DONE', batches: 4, batchesDone: 4, employeesComputed: 7, lines: 35 });
  const bases = await stack.db.contributionBase.findMany({ where: { runId: totals.runId }, orderBy: { employeeId: 'asc' } });
  expect(bases.map((base) => base.employeeId)).toEqual(people.map((person) => person.id).sort());
  // Two months of 2023 payroll average to the monthly gross; 杭州's 2021 floor lifts 6000 only if below 3321.6.
  expect(bases.every((base) => base.method === 'PREVIOUS_YEAR_AVERAGE' && base.payrollMonths === 2)).toBe(true);
});

test('a batch that runs twice (a retry after a crash) replaces its own rows instead of adding to them', async () => {
  const { companyId } = await companyWithPayroll(3);
  const handle = await stack.client.workflow.start(contributionRunWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: contributionRunWorkflowId(companyId, '2024-03'),
    args: [{ companyId, month: '2024-03' }],
  });
  const { runId } = await handle.result();
  const activities = createContributionRunActivities({ db: stack.db });
  await stack.db.contributionRun.update({ where: { id: runId }, data: { status: 'RUNNING' } });
  const [range] = await activities.planContributionBatches({ runId, batchSize: 10 });
  const before = await stack.db.contributionLine.findMany({ where: { runId }, orderBy: [{ employeeId: 'asc' }, { insuranceType: 'asc' }] });
  const environment = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  await environment.run(activities.computeContributionBatch, { runId, ...range! });
  await environment.run(activities.computeContributionBatch, { runId, ...range! });
  const after = await stack.db.contributionLine.findMany({ where: { runId }, orderBy: [{ employeeId: 'asc' }, { insuranceType: 'asc' }] });
  expect(after).toHaveLength(15);
  const amounts = (lines: typeof before) => lines.map((line) => [line.employeeId, line.insuranceType, line.employerAmount.toFixed(2), line.employeeAmount.toFixed(2)]);
  expect(amounts(after)).toEqual(amounts(before));
});

test('a finalized month refuses to run again and keeps its lines', async () => {
  const { companyId } = await companyWithPayroll(1);
  const workflowId = contributionRunWorkflowId(companyId, '2024-04');
  const { runId, lineCount } = await stack.client.workflow.execute(contributionRunWorkflow, { taskQueue: stack.taskQueue, workflowId, args: [{ companyId, month: '2024-04' }] });
  await stack.db.contributionRun.update({ where: { id: runId }, data: { status: 'FINALIZED' } });
  await expect(stack.client.workflow.execute(contributionRunWorkflow, { taskQueue: stack.taskQueue, workflowId, args: [{ companyId, month: '2024-04' }] })).rejects.toThrow();
  expect(await stack.db.contributionLine.count({ where: { runId } })).toBe(lineCount);
});
