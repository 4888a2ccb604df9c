import type { ChildProcess } from 'node:child_process';
import { monthEndCleanupWorkflow } from '../../workflows';
import { toDbDate } from '../../prisma/dates';
import { createCompany, createEmployee, enroll } from '../support/contributions';
import { waitFor } from '../support/onboarding';
import { spawnWorkerProcess } from '../support/worker-process';
import { startStack, type TestStack } from '../support/stack';

const DEPARTED = 400;
const MONTH = '2031-03';

let stack: TestStack;
let workerProcess: ChildProcess | undefined;

beforeAll(async () => {
  stack = await startStack();
  await stack.stopWorker();
});

afterAll(async () => {
  workerProcess?.kill('SIGKILL');
  await stack?.close();
});


it('resumes the departures batch from its heartbeated cursor after the worker is killed, stopping nobody twice', async () => {
  const companyId = await createCompany(stack.db);
  const enrollments: string[] = [];
  for (let chunk = 0; chunk < DEPARTED; chunk += 25) {
    const created = await Promise.all(
      Array.from({ length: 25 }, async () => {
        const employee = await createEmployee(stack.db, { companyId, hireDate: '2030-06-01' });
        await stack.db.attendanceEvent.create({ data: { employeeId: employee.id, kind: 'LEAVE', date: toDbDate(`${MONTH}-20`), importId: 'test' } });
        return enroll(stack.db, employee, { effectiveMonth: '2030-06' });
      }),
    );
    enrollments.push(...created);
  }
  const stoppedCount = () => stack.db.enrollment.count({ where: { id: { in: enrollments }, stoppedFromMonth: { not: null } } });

  workerProcess = spawnWorkerProcess(stack);
  const handle = await stack.client.workflow.start(monthEndCleanupWorkflow, {
    taskQueue: stack.taskQueue,
    workflowId: `cleanup-crash-${MONTH}`,
    args: [{ month: MONTH, batchSize: 5, heartbeatTimeout: '2 seconds' }],
  });
  // Kill it hard once some, but not all, have been stopped.
  await waitFor(async () => ((await stoppedCount()) >= 20 ? true : undefined), 60_000, 'first stops');
  workerProcess.kill('SIGKILL');
  await new Promise((resolve) => workerProcess?.once('exit', resolve));
  const beforeRestart = await stack.db.enrollment.findMany({ where: { id: { in: enrollments }, stoppedFromMonth: { not: null } }, select: { id: true, stoppedAt: true } });
  expect(beforeRestart.length).toBeLessThan(DEPARTED);

  await stack.startWorker();
  const result = await handle.result();
  expect(result.resumed.departures).not.toBeNull();
  expect(await stoppedCount()).toBe(DEPARTED);
  const after = await stack.db.enrollment.findMany({ where: { id: { in: beforeRestart.map((row) => row.id) } }, select: { id: true, stoppedAt: true, stoppedFromMonth: true } });
  // Stopped once: what the killed worker stopped kept its time and month.
  expect(after.map((row) => [row.id, row.stoppedAt?.toISOString()]).sort()).toEqual(beforeRestart.map((row) => [row.id, row.stoppedAt?.toISOString()]).sort());
  expect(after.every((row) => row.stoppedFromMonth === '2031-04')).toBe(true);
  const findings = await stack.db.cleanupFinding.findMany({ where: { month: MONTH, kind: 'DEPARTED_STILL_ENROLLED' }, select: { detail: true } });
  const findingEnrollments = findings.map((finding) => (finding.detail as { enrollmentId: string }).enrollmentId).filter((id) => enrollments.includes(id));
  expect(new Set(findingEnrollments).size).toBe(DEPARTED);
  expect(findingEnrollments).toHaveLength(DEPARTED);
}, 120_000);
