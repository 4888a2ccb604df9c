import { transferActionUpdate } from '../../workflows/transfer/messages';
import { waitFor } from '../support/onboarding';
import { startStack, type TestStack } from '../support/stack';
import { hireWithTransfer, signAsEmployee, waitForTransferStatus } from '../support/transfer';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

describe('transfer flags', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // The agency sent its contact letter a month ago and has not moved since: past the
    // 15-working-day limit for transferring the funds.
    stack = await startStack({
      agencyStepMs: { contactLetterMs: 100, reviewMs: 10 * THIRTY_DAYS_MS },
      agencyNow: () => Date.now() - THIRTY_DAYS_MS,
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('flags OVERDUE on the working-day calendar and alerts HR once', async () => {
    const { transferId, transfer } = await hireWithTransfer(stack);
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    await signAsEmployee(stack, transferId);
    const overdue = () => stack.db.notification.findMany({ where: { entityId: transferId, kind: 'TRANSFER_OVERDUE' } });
    const alerts = await waitFor(async () => {
      const found = await overdue();
      return found.length > 0 ? found : undefined;
    }, 20_000, 'the overdue alert');
    expect(alerts[0]?.message).toContain('15个工作日');
    const saved = await waitFor(async () => {
      const row = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
      return row.flags.includes('OVERDUE') ? row : undefined;
    }, 10_000, 'the OVERDUE flag on the transfer row');
    expect(saved.status).toBe('CONTACT_LETTER_SENT');
    // Polling goes on; the alert is not repeated.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await overdue()).toHaveLength(1);
    await transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'CANCEL', note: '测试结束', actor: 'hr' }] });
  });

  it('flags a temporary account for a man over 50 moving across provinces', async () => {
    const { transferId, transfer } = await hireWithTransfer(stack, { gender: 'MALE', birthDate: '1968-03-02' });
    const state = await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    expect(state.flags).toContain('TEMP_ACCOUNT');
    const saved = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
    expect(saved.flags).toEqual(['TEMP_ACCOUNT']);
    await transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'CANCEL', note: '测试结束', actor: 'hr' }] });

    const young = await hireWithTransfer(stack, { gender: 'FEMALE', birthDate: '1992-05-18' });
    const youngState = await waitForTransferStatus(stack, young.transferId, 'AWAITING_SIGNATURE');
    expect(youngState.flags).not.toContain('TEMP_ACCOUNT');
    await young.transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'CANCEL', note: '测试结束', actor: 'hr' }] });
  });
});
