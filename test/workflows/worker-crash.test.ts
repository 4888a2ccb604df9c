import type { ChildProcess } from 'node:child_process';
import { spawnWorkerProcess } from '../support/worker-process';
import { startStack, type TestStack } from '../support/stack';
import { hire, pensionRecord, waitFor } from '../support/onboarding';

const HIRES = 12;

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


it('completes every onboarding exactly once after the worker is killed mid-flight', async () => {
  stack.simulator.state.globalFaults = { latencyMs: 3_000, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
  workerProcess = spawnWorkerProcess(stack);
  const hires = await Promise.all(
    Array.from({ length: HIRES }, (_, index) => hire(stack, { records: index % 2 === 0 ? [] : [pensionRecord({})] })),
  );
  const caseIds = hires.map((submitted) => submitted.onboarding.id);

  // Kill it hard while every employee is registered and their national lookups are in flight.
  const employeeIds = hires.map((submitted) => submitted.onboarding.employeeId);
  await waitFor(async () => ((await stack.db.employee.count({ where: { id: { in: employeeIds } } })) === HIRES ? true : undefined), 60_000, 'registrations');
  workerProcess.kill('SIGKILL');
  await new Promise((resolve) => workerProcess?.once('exit', resolve));
  const enrolledAtKill = await stack.db.enrollment.count({ where: { caseId: { in: caseIds } } });
  expect(enrolledAtKill).toBeLessThan(HIRES);

  stack.simulator.state.globalFaults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
  await stack.startWorker();
  const states = await Promise.all(hires.map((submitted) => submitted.handle.result()));
  expect(states.every((state) => state.status === 'ENROLLED')).toBe(true);

  expect(await stack.db.employee.count({ where: { id: { in: employeeIds } } })).toBe(HIRES);
  expect(await stack.db.enrollment.count({ where: { caseId: { in: caseIds } } })).toBe(HIRES);
  const enrolledSteps = await stack.db.onboardingStep.count({ where: { caseId: { in: caseIds }, key: 'enrolled' } });
  expect(enrolledSteps).toBe(HIRES);
}, 120_000);
