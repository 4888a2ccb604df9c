import type { pensionTransferWorkflow } from '../../workflows';
import { FAST_TRANSFER_TIMINGS, startStack, type TestStack } from '../support/stack';
import { hireWithTransfer, signAsEmployee, waitForTransferStatus } from '../support/transfer';

let stack: TestStack;
beforeAll(async () => {
  // Slow agency steps and a tiny history limit: polling must continue as new several times.
  stack = await startStack({
    agencyStepMs: 1_500,
    transferTimings: { ...FAST_TRANSFER_TIMINGS, pollInterval: '100 milliseconds', maxPollInterval: '100 milliseconds', historyLimit: 40 },
  });
});
afterAll(async () => {
  await stack?.close();
});

it('continues as new while polling the agency and still completes with its whole timeline', async () => {
  const { transferId, idNumber } = await hireWithTransfer(stack);
  await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
  const firstRunId = (await stack.client.workflow.getHandle(transferId).describe()).runId;
  await signAsEmployee(stack, transferId);

  const latest = stack.client.workflow.getHandle<typeof pensionTransferWorkflow>(transferId);
  const state = await latest.result();
  expect(state.status).toBe('COMPLETED');
  const finalRun = await latest.describe();
  expect(finalRun.runId).not.toBe(firstRunId);
  expect(finalRun.historyLength).toBeLessThan(200);
  expect(state.polls).toBeGreaterThanOrEqual(4);
  expect(state.timeline.map((entry) => entry.step)).toEqual(
    expect.arrayContaining(['FORM_GENERATED', 'AWAITING_SIGNATURE', 'SIGNED', 'SUBMITTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'COMPLETED']),
  );
  const cases = [...stack.agency.state.cases.values()].filter((agencyCase) => agencyCase.request.idNumber === idNumber);
  expect(cases).toHaveLength(1);
}, 60_000);
