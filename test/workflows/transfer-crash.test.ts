import type { ChildProcess } from 'node:child_process';
import { transferStateQuery } from '../../workflows/transfer/messages';
import { waitFor } from '../support/onboarding';
import { spawnWorkerProcess } from '../support/worker-process';
import { startStack, type TestStack } from '../support/stack';
import { hireWithTransfer, openSigningRequestId, signAsEmployee, waitForTransferStatus } from '../support/transfer';

const NO_FAULTS = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };

let stack: TestStack;
let workerProcess: ChildProcess | undefined;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  workerProcess?.kill('SIGKILL');
  await stack?.close();
});


it('submits exactly one agency case despite duplicate webhooks, agency 5xx answers and a killed worker', async () => {
  const { transferId, transfer, idNumber } = await hireWithTransfer(stack);
  await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');

  // From here on a separate worker process runs the transfer, and is killed mid-submission.
  await stack.stopWorker();
  workerProcess = spawnWorkerProcess(stack);
  // Half of the agency's answers are lost: some before the case is created, some after.
  stack.agency.state.faultsByIdNumber.set(idNumber, { ...NO_FAULTS, latencyMs: 300, errorRate: 0.5 });

  const requestId = openSigningRequestId(stack, transferId);
  await signAsEmployee(stack, transferId);
  for (let i = 0; i < 2; i += 1) {
    const redelivered = await fetch(`${stack.esign.url}/admin/requests/${requestId}/redeliver`, { method: 'POST' });
    expect(redelivered.status).toBe(202);
  }

  await waitFor(async () => ((stack.agency.state.submissionsByIdNumber.get(idNumber) ?? 0) >= 1 ? true : undefined), 30_000, 'a submission');
  workerProcess.kill('SIGKILL');
  await new Promise((resolve) => workerProcess?.once('exit', resolve));
  await stack.startWorker();

  const state = await transfer.result();
  expect(state.status).toBe('COMPLETED');
  const cases = [...stack.agency.state.cases.values()].filter((agencyCase) => agencyCase.request.idNumber === idNumber);
  expect(cases).toHaveLength(1);
  expect(state.submissionCount).toBe(1);
  expect(state.timeline.filter((entry) => entry.step === 'SIGNED')).toHaveLength(1);
  expect(await stack.db.webhookEvent.count({ where: { id: { startsWith: 'esign:' }, payload: { path: ['requestId'], equals: requestId } } })).toBe(1);
  expect((await transfer.query(transferStateQuery)).result?.monthsTransferred).toBe(36);
}, 120_000);
