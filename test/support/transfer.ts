import type { pensionTransferWorkflow } from '../../workflows';
import { pensionTransferWorkflowId } from '../../workflows/transfer/ids';
import { transferStateQuery, type TransferState } from '../../workflows/transfer/messages';
import type { TransferStatus } from '../../domain/transfer';
import { hire, pensionRecord, waitFor, type HireOptions } from './onboarding';
import type { TestStack } from './stack';

/** 王女士's case: an onboarding with 36 months suspended in 广州, which starts her transfer. */
export async function hireWithTransfer(stack: TestStack, options: HireOptions = {}) {
  const hired = await hire(stack, { gender: 'FEMALE', records: [pensionRecord({})], ...options });
  await hired.handle.result();
  const transferId = pensionTransferWorkflowId(hired.onboarding.employeeId, '440100');
  return { ...hired, transferId, transfer: stack.client.workflow.getHandle<typeof pensionTransferWorkflow>(transferId) };
}

export async function waitForTransferStatus(stack: TestStack, transferId: string, status: TransferStatus, timeoutMs = 30_000): Promise<TransferState> {
  return waitFor(
    async () => {
      const state = await stack.client.workflow.getHandle(transferId).query(transferStateQuery);
      return state.status === status ? state : undefined;
    },
    timeoutMs,
    `transfer ${status}`,
  );
}

/** The signing request the transfer currently waits on, as the provider sees it. */
export function openSigningRequestId(stack: TestStack, transferId: string): string {
  const open = [...stack.esign.state.requests.values()].filter((request) => request.externalRef === transferId && request.status === 'PENDING');
  const last = open.at(-1);
  if (!last) throw new Error(`no open signing request for ${transferId}`);
  return last.requestId;
}

/** Presses 签署 on the provider's page, as the employee would. */
export async function signAsEmployee(stack: TestStack, transferId: string): Promise<void> {
  const requestId = openSigningRequestId(stack, transferId);
  const page = await fetch(`${stack.esign.url}/sign/${requestId}`);
  if (!(await page.text()).includes('签署')) throw new Error('the signing page has no 签署 button');
  const signed = await fetch(`${stack.esign.url}/sign/${requestId}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  if (!signed.ok) throw new Error(`signing failed: HTTP ${signed.status}`);
}
