import request from 'supertest';
import { createApp } from '../../api/app';
import { CHANGSHA_PENSION_2025 } from '../../simulators/policy-feed/seed';
import { contributionRunWorkflow, policySyncWorkflow } from '../../workflows';
import { contributionRunWorkflowId } from '../../workflows/contributions/ids';
import { ensureSchedules, SCHEDULE_IDS } from '../../worker/schedules';
import { createCompany, createEmployee } from '../support/contributions';
import { waitFor } from '../support/onboarding';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let app: ReturnType<typeof createApp>;
/** Requests as an HR manager, who may do every social insurance operation. */
let hr: () => ReturnType<typeof request.agent>;
let managerAuth: string;
let opsAuth: string;
const loggedErrors: unknown[] = [];

beforeAll(async () => {
  stack = await startStack();
  app = createApp(stack.appDeps({ logError: (error) => loggedErrors.push(error) }));
  managerAuth = await bearer('hr_manager');
  opsAuth = await bearer('ops');
  hr = () => request.agent(app).set('authorization', managerAuth);
});

afterEach(() => {
  expect(loggedErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await stack?.close();
});

describe('schedules', () => {
  beforeAll(async () => {
    await ensureSchedules(stack.client, { taskQueue: stack.taskQueue });
  });

  test('both exist after start, in Asia/Shanghai, skipping overlaps; creating them again only updates them', async () => {
    const listed: string[] = [];
    for await (const schedule of stack.client.schedule.list()) listed.push(schedule.scheduleId);
    expect(listed).toEqual(expect.arrayContaining([SCHEDULE_IDS.monthEndCleanup, SCHEDULE_IDS.policySync]));
    const cleanup = await stack.client.schedule.getHandle(SCHEDULE_IDS.monthEndCleanup).describe();
    expect(cleanup.spec.timezone).toBe('Asia/Shanghai');
    expect(cleanup.policies.overlap).toBe('SKIP');
    // The next run is on a 1st at 02:00 in Shanghai, i.e. 18:00 UTC the day before.
    const next = cleanup.info.nextActionTimes[0]!;
    expect(new Date(next.getTime() + 8 * 3600_000).toISOString()).toMatch(/-01T02:00:00/);
    expect(await ensureSchedules(stack.client, { taskQueue: stack.taskQueue })).toEqual({ created: [], updated: [SCHEDULE_IDS.monthEndCleanup, SCHEDULE_IDS.policySync] });
  });

  test('pause and unpause through the API', async () => {
    const paused = await request(app).post(`/api/schedules/${SCHEDULE_IDS.policySync}/pause`).set('authorization', opsAuth).send({ note: '政策源维护中' });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, note: '政策源维护中' });
    const unpaused = await request(app).post(`/api/schedules/${SCHEDULE_IDS.policySync}/unpause`).set('authorization', opsAuth).send({});
    expect(unpaused.body.paused).toBe(false);
  });

  test('a trigger runs the cleanup for the month just ended, and a backfill for the months asked', async () => {
    const triggered = await request(app).post(`/api/schedules/${SCHEDULE_IDS.monthEndCleanup}/trigger`).set('authorization', opsAuth).send({});
    expect(triggered.status).toBe(202);
    const previousMonth = (() => {
      const shanghai = new Date(Date.now() + 8 * 3600_000);
      const first = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1));
      return first.toISOString().slice(0, 7);
    })();
    const report = await waitFor(async () => {
      const response = await hr().get(`/api/cleanup-reports/${previousMonth}`);
      return response.status === 200 && response.body.report.status === 'DONE' ? response.body : undefined;
    }, 30_000, 'triggered cleanup report');
    expect(report.report.counts).toHaveProperty('employeesScanned');

    const backfill = await request(app).post(`/api/schedules/${SCHEDULE_IDS.monthEndCleanup}/backfill`).set('authorization', opsAuth).send({ from: '2025-06-30T00:00:00+08:00', to: '2025-07-02T00:00:00+08:00' });
    expect(backfill.status).toBe(202);
    await waitFor(async () => {
      const response = await hr().get('/api/cleanup-reports/2025-06');
      return response.status === 200 && response.body.report.status === 'DONE' ? true : undefined;
    }, 30_000, 'backfilled cleanup report');
    const list = await hr().get('/api/cleanup-reports');
    expect(list.body.reports.map((r: { month: string }) => r.month)).toEqual(expect.arrayContaining([previousMonth, '2025-06']));
  });

  test('bad requests: an unknown schedule, a reversed backfill range, a bad month', async () => {
    expect((await request(app).post('/api/schedules/nope/trigger').set('authorization', opsAuth).send({})).status).toBe(404);
    const reversed = await request(app).post(`/api/schedules/${SCHEDULE_IDS.monthEndCleanup}/backfill`).set('authorization', opsAuth).send({ from: '2025-07-02T00:00:00Z', to: 'yesterday' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.map((d: { field: string }) => d.field)).toContain('to');
    expect((await hr().get('/api/cleanup-reports/2025-13')).status).toBe(400);
    expect((await hr().get('/api/cleanup-reports/1999-01')).status).toBe(404);
  });
});

describe('policy feed', () => {
  test('the source example (湖南 employer pension 16 % → 15 %) becomes a proposal; approved, a version and 退费 lines for a finalized month', async () => {
    // A finalized February 2025 under the old 16 %.
    const companyId = await createCompany(stack.db);
    const employee = await createEmployee(stack.db, { companyId, hireDate: '2024-03-01' });
    await stack.db.payrollEntry.create({ data: { employeeId: employee.id, month: '2024-05', grossPay: '10000', netPay: '8000', importId: 'test' } });
    const february = await stack.client.workflow.execute(contributionRunWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: contributionRunWorkflowId(companyId, '2025-02'),
      args: [{ companyId, month: '2025-02' }],
    });
    await hr().post(`/api/contribution-runs/${february.runId}/finalize`).send({ finalizedBy: '财务' }).expect(200);

    stack.policyFeed.state.replace([CHANGSHA_PENSION_2025]);
    const sync = await stack.client.workflow.execute(policySyncWorkflow, { taskQueue: stack.taskQueue, workflowId: 'policy-sync-test-1', args: [{ reminderInterval: '1 second' }] });
    expect(sync.status).toBe('ACCEPTED');
    expect(sync.startedProposals).toHaveLength(1);
    const proposalId = sync.startedProposals[0]!;
    const pending = await hr().get('/api/policy-proposals').query({ status: 'PENDING' });
    const proposal = pending.body.proposals.find((p: { id: string }) => p.id === proposalId);
    expect(proposal).toMatchObject({ cityCode: '430100', insuranceType: 'PENSION', kind: 'NEW_VERSION', effectiveFrom: '2025-01-01' });
    expect(proposal.changes).toEqual([{ field: 'employerRatePercent', from: '16', to: '15' }]);

    // Unanswered, it reminds.
    await waitFor(async () => ((await stack.db.notification.count({ where: { entityId: proposalId, kind: 'POLICY_PROPOSAL_PENDING' } })) > 0 ? true : undefined), 15_000, 'a reminder');
    // The same feed read again proposes nothing new.
    const again = await stack.client.workflow.execute(policySyncWorkflow, { taskQueue: stack.taskQueue, workflowId: 'policy-sync-test-2', args: [{}] });
    expect(again.newProposalIds).toEqual([]);

    expect((await hr().post(`/api/policy-proposals/${proposalId}/reject`).send({ decidedBy: 'HR 经理' })).status).toBe(400);
    const approved = await hr().post(`/api/policy-proposals/${proposalId}/approve`).send({ decidedBy: 'HR 经理 王' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', policyVersionId: `policy-from-${proposalId}` });
    expect((await hr().post(`/api/policy-proposals/${proposalId}/approve`).send({ decidedBy: 'HR 经理 王' })).status).toBe(409);

    await stack.client.workflow.getHandle(approved.body.adjustmentWorkflowId).result();
    const lines = await hr().get('/api/contributions').query({ companyId, month: '2025-02', employeeId: employee.id });
    const refund = lines.body.lines.find((line: { insuranceType: string; kind: string }) => line.insuranceType === 'PENSION' && line.kind === 'REFUND');
    expect(refund).toMatchObject({ employerAmount: '100.00', employeeAmount: '0.00' });
    const versions = await hr().get('/api/policies/430100');
    expect(versions.body.versions.find((v: { id: string }) => v.id === approved.body.policyVersionId)).toMatchObject({ effectiveFrom: '2025-01-01', employerRatePercent: '15' });
  });

  test('a bad feed is refused with every reason and changes nothing', async () => {
    const versions = await stack.db.policyVersion.count();
    const proposals = await stack.db.policyProposal.count();
    const base = { ...CHANGSHA_PENSION_2025, cityCode: '440300', insuranceType: 'UNEMPLOYMENT' };
    stack.policyFeed.state.replace([
      { ...base, effectiveFrom: '2032-01-01', employerRatePercent: '120' },
      { ...base, effectiveFrom: '2032-03-01', effectiveTo: '2032-12-31' },
      { ...base, effectiveFrom: '2032-06-01' },
      { cityCode: '440300' },
    ]);
    const sync = await stack.client.workflow.execute(policySyncWorkflow, { taskQueue: stack.taskQueue, workflowId: 'policy-sync-test-bad', args: [{}] });
    expect(sync.status).toBe('REFUSED');
    expect([...new Set(sync.problems.map((problem) => problem.entry))].sort()).toEqual([1, 3, 4]);
    expect(sync.problems.find((problem) => problem.entry === 1)).toMatchObject({ field: 'employerRatePercent' });
    expect(await stack.db.policyVersion.count()).toBe(versions);
    expect(await stack.db.policyProposal.count()).toBe(proposals);
    const syncs = await hr().get('/api/policy-feed-syncs');
    const refused = syncs.body.syncs.find((s: { id: string }) => s.id === 'policy-sync-test-bad');
    expect(refused.status).toBe('REFUSED');
    // HR reads these: every reason is in Chinese, the type errors included.
    for (const problem of refused.problems) expect(problem.message).not.toMatch(/Invalid|expected|received/);
  });
});

describe('duplicates', () => {
  test('HR merges a duplicate found by the cleanup: payroll and enrollments move, the merged record stays marked, a second merge is refused', async () => {
    const companyId = await createCompany(stack.db);
    const kept = await createEmployee(stack.db, { companyId, hireDate: '2024-01-01' });
    const duplicate = await stack.db.employee.create({
      data: { id: `emp-dup-${kept.id}`, idNumber: kept.idNumber.toLowerCase().replace(/^(\d{6})/, '$1 '), name: '测试员工', gender: 'MALE', birthDate: new Date('1990-01-01'), workCityCode: '430100', hireDate: new Date('2024-01-01'), companyId },
    });
    await stack.db.payrollEntry.createMany({
      data: [
        { employeeId: kept.id, month: '2024-01', grossPay: '9000', netPay: '7000', importId: 'test' },
        { employeeId: duplicate.id, month: '2024-01', grossPay: '9100', netPay: '7100', importId: 'test' },
        { employeeId: duplicate.id, month: '2024-02', grossPay: '9000', netPay: '7000', importId: 'test' },
      ],
    });
    await stack.client.workflow.execute('monthEndCleanupWorkflow', { taskQueue: stack.taskQueue, workflowId: 'cleanup-merge-2032-01', args: [{ month: '2032-01' }] });
    const finding = await stack.db.cleanupFinding.findFirstOrThrow({ where: { month: '2032-01', kind: 'DUPLICATE_ID_NUMBER', employeeIds: { has: kept.id } } });

    const notInFinding = await hr().post(`/api/duplicates/${finding.id}/merge`).send({ keepEmployeeId: 'emp-someone-else', mergedBy: 'HR 经理' });
    expect(notInFinding.status).toBe(400);
    const merged = await hr().post(`/api/duplicates/${finding.id}/merge`).send({ keepEmployeeId: kept.id, mergedBy: 'HR 经理' });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toEqual([{ employeeId: duplicate.id, moved: { payroll: 1, attendance: 0, enrollments: 0 } }]);
    expect((await stack.db.employee.findUniqueOrThrow({ where: { id: duplicate.id } })).mergedIntoId).toBe(kept.id);
    // The kept record's own January wins; February came over; the colliding January stays with the merged record.
    expect((await stack.db.payrollEntry.findMany({ where: { employeeId: kept.id }, orderBy: { month: 'asc' } })).map((row) => [row.month, row.grossPay.toFixed(2)])).toEqual([
      ['2024-01', '9000.00'],
      ['2024-02', '9000.00'],
    ]);
    expect(await stack.db.employeeMerge.count({ where: { findingId: finding.id } })).toBe(1);
    expect((await hr().post(`/api/duplicates/${finding.id}/merge`).send({ keepEmployeeId: kept.id, mergedBy: 'HR 经理' })).status).toBe(409);
    expect((await hr().post('/api/duplicates/no-such-finding/merge').send({ keepEmployeeId: kept.id, mergedBy: 'HR 经理' })).status).toBe(404);
  });
});
