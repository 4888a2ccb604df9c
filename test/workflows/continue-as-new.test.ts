import { employeeOnboardingWorkflow } from '../../workflows';
import { hrDecisionUpdate, onboardingStateQuery } from '../../workflows/onboarding/messages';
import { CITY, EMPLOYEE_ID, ONBOARDING_STATUS } from '../../workflows/search-attributes';
import { createCaseRow } from '../support/case-rows';
import { pensionRecord, waitFor } from '../support/onboarding';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

it('continues as new during a long wait for the origin, keeping its state and accepting decisions', async () => {
  const onboarding = await createCaseRow(stack.db, 'continue-as-new-test');
  stack.simulator.state.records.set(onboarding.idNumber, [
    pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null }),
  ]);
  const handle = await stack.client.workflow.start(employeeOnboardingWorkflow, {
    workflowId: onboarding.workflowId,
    taskQueue: stack.taskQueue,
    args: [
      {
        caseId: onboarding.caseId,
        employeeId: onboarding.employeeId,
        workCityCode: '430100',
        hireDate: onboarding.hireDate,
        originRecheckInterval: '100 milliseconds',
        historyLimit: 20,
      },
    ],
    typedSearchAttributes: [
      { key: EMPLOYEE_ID, value: onboarding.employeeId },
      { key: CITY, value: '430100' },
      { key: ONBOARDING_STATUS, value: 'RECEIVED' },
    ],
  });
  const firstRunId = handle.firstExecutionRunId;

  // A later run: the wait went on past the history limit at least twice.
  const carried = await waitFor(async () => {
    const latest = stack.client.workflow.getHandle(onboarding.workflowId);
    const description = await latest.describe();
    if (description.runId === firstRunId) return undefined;
    const state = await latest.query(onboardingStateQuery);
    return state.status === 'AWAITING_ORIGIN_STOP' && state.lookups >= 4 ? state : undefined;
  }, 30_000, 'a continued run');
  expect(carried.warnings[0]?.message).toBe('该员工在武汉仍有在缴养老保险,请先办理转移手续');
  expect(carried.timeline[0]?.step).toBe('registered');

  const latest = stack.client.workflow.getHandle(onboarding.workflowId);
  await latest.executeUpdate(hrDecisionUpdate, { args: [{ kind: 'PROCEED_AS_TRANSFER', note: '原单位已减员', decidedBy: 'hr' }] });
  const final = await latest.result();
  expect(final.status).toBe('ENROLLED');
  expect(final.classification).toBe('TRANSFER_NEEDED');
  expect(await stack.db.enrollment.count({ where: { caseId: onboarding.caseId } })).toBe(1);
  // Lookups from every run keep distinct snapshot keys.
  const snapshots = await stack.db.nationalRecordSnapshot.count({ where: { caseId: onboarding.caseId } });
  expect(snapshots).toBe(final.lookups);
}, 60_000);

it('answers HR decisions that arrive while the run keeps continuing as new', async () => {
  const onboarding = await createCaseRow(stack.db, 'continue-as-new-decisions');
  stack.simulator.state.records.set(onboarding.idNumber, [pensionRecord({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })]);
  // Slow lookups and short waits: the workflow spends most of its time in a lookup, so a decision
  // almost always arrives during one; and every turn is past the history limit.
  stack.simulator.state.faultsByIdNumber.set(onboarding.idNumber, { latencyMs: 700, errorRate: 0, timeoutRate: 0, malformedRate: 0 });
  await stack.client.workflow.start(employeeOnboardingWorkflow, {
    workflowId: onboarding.workflowId,
    taskQueue: stack.taskQueue,
    args: [{ caseId: onboarding.caseId, employeeId: onboarding.employeeId, workCityCode: '430100', hireDate: onboarding.hireDate, originRecheckInterval: '20 milliseconds', historyLimit: 1 }],
    typedSearchAttributes: [
      { key: EMPLOYEE_ID, value: onboarding.employeeId },
      { key: CITY, value: '430100' },
      { key: ONBOARDING_STATUS, value: 'RECEIVED' },
    ],
  });
  await waitFor(async () => ((await stack.client.workflow.getHandle(onboarding.workflowId).query(onboardingStateQuery)).status === 'AWAITING_ORIGIN_STOP' ? true : undefined), 20_000, 'the wait');

  // Every decision lands in a run about to continue as new or in its successor's first turn; each
  // must be answered, not refused as "not waiting" nor left without an answer.
  const decide = (kind: 'RECHECK_NOW' | 'CANCEL', attempt: number) =>
    Promise.race([
      stack.client.workflow.getHandle(onboarding.workflowId).executeUpdate(hrDecisionUpdate, { args: [{ kind, note: `第${attempt}次`, decidedBy: 'hr' }] }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`decision ${attempt} got no answer: the workflow is stuck`)), 15_000)),
    ]);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await decide('RECHECK_NOW', attempt)).status).toBe('AWAITING_ORIGIN_STOP');
  }
  expect((await decide('CANCEL', 4)).status).toBe('CANCELLED');
}, 90_000);
