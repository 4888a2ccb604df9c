import request from 'supertest';
import { createApp } from '../../api/app';
import { transferActionUpdate, transferStateQuery } from '../../workflows/transfer/messages';
import { bearer, FAST_TRANSFER_TIMINGS, startStack, type TestStack } from '../support/stack';
import { hireWithTransfer, signAsEmployee, waitForTransferStatus } from '../support/transfer';
import { waitFor } from '../support/onboarding';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ transferTimings: FAST_TRANSFER_TIMINGS });
});
afterAll(async () => {
  await stack?.close();
});

function agencyCasesOf(idNumber: string) {
  return [...stack.agency.state.cases.values()].filter((agencyCase) => agencyCase.request.idNumber === idNumber);
}

describe('PensionTransferWorkflow', () => {
  it('runs 王女士 from onboarding to COMPLETED: form, signature on the provider page, agency tracking, months added up', async () => {
    const { transferId, transfer, idNumber, onboarding } = await hireWithTransfer(stack);
    const waiting = await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    expect(waiting.timeline.map((entry) => entry.step)).toEqual(['FORM_GENERATED', 'AWAITING_SIGNATURE']);

    await signAsEmployee(stack, transferId);
    const state = await transfer.result();
    expect(state.status).toBe('COMPLETED');
    expect(state.timeline.map((entry) => entry.step)).toEqual(
      expect.arrayContaining(['SIGNED', 'SUBMITTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'COMPLETED']),
    );
    expect(state.result?.monthsTransferred).toBe(36);
    expect(state.result?.localMonths).toBeGreaterThanOrEqual(1);
    expect(state.result?.totalMonths).toBe(36 + (state.result?.localMonths ?? 0));

    const saved = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
    expect(saved).toMatchObject({ status: 'COMPLETED', monthsTransferred: 36, originMarkedTransferred: true, onboardingCaseId: onboarding.id });
    expect(saved.pooledFund?.toFixed(2)).toBe('43200.00'); // 12% × 10000.00 × 36
    expect(saved.individualAccount?.toFixed(2)).toBe('28800.00'); // 8% × 10000.00 × 36
    expect(await stack.db.notification.count({ where: { entityId: transferId, kind: 'TRANSFER_COMPLETED' } })).toBe(1);
    expect(agencyCasesOf(idNumber)).toHaveLength(1);

    const attributes = (await transfer.describe()).typedSearchAttributes.getAll();
    expect(Object.fromEntries(attributes.map((pair) => [pair.key.name, pair.value]))).toMatchObject({ TransferStatus: 'COMPLETED', City: '440100' });
  });

  it('flags PARTIAL when some months cannot be transferred, and counts only those that were', async () => {
    const { transferId, transfer, idNumber } = await hireWithTransfer(stack);
    await request(stack.agency.app)
      .post('/admin/outcomes')
      .send({ idNumber, outcome: { type: 'PARTIAL', monthsNotTransferable: 6, reason: '2021年上半年欠费未补缴' } })
      .expect((res) => expect(res.status).toBeLessThan(300));
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    await signAsEmployee(stack, transferId);
    const state = await transfer.result();
    expect(state.status).toBe('COMPLETED');
    expect(state.flags).toContain('PARTIAL');
    expect(state.result?.monthsTransferred).toBe(30);
    const saved = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
    expect(saved.flags).toContain('PARTIAL');
    expect(saved.monthsTransferred).toBe(30);
  });

  it('resubmits after a rejection with corrected data, signed again', async () => {
    const { transferId, transfer, idNumber } = await hireWithTransfer(stack);
    await request(stack.agency.app)
      .post('/admin/outcomes')
      .send({ idNumber, outcome: { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ID_MISMATCH', reason: '姓名与转出地记录不一致' } })
      .expect((res) => expect(res.status).toBeLessThan(300));
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    await signAsEmployee(stack, transferId);
    const rejected = await waitForTransferStatus(stack, transferId, 'REJECTED');
    expect(rejected.rejection).toEqual({ code: 'ID_MISMATCH', reason: '姓名与转出地记录不一致' });
    await waitFor(async () => ((await stack.db.notification.count({ where: { entityId: transferId, kind: 'TRANSFER_REJECTED' } })) === 1 ? true : undefined));

    await transfer.executeUpdate(transferActionUpdate, {
      args: [{ action: 'RESUBMIT', note: '按转出地记录更正姓名', actor: 'hr-manager', corrections: { name: '王芳芳' } }],
    });
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    await signAsEmployee(stack, transferId);
    const state = await transfer.result();
    expect(state.status).toBe('COMPLETED');
    expect(state.submissionCount).toBe(2);
    const cases = agencyCasesOf(idNumber);
    expect(cases.map((agencyCase) => agencyCase.request.name)).toEqual([expect.any(String), '王芳芳']);
    expect(await stack.db.formDocument.count({ where: { transferId } })).toBe(2);
  });

  it('expires an unsigned request after reminders, escalates, and goes on once HR resends', async () => {
    const { transferId, transfer } = await hireWithTransfer(stack);
    const expired = await waitForTransferStatus(stack, transferId, 'SIGNATURE_EXPIRED', 20_000);
    expect(expired.timeline.filter((entry) => entry.step.startsWith('reminder-')).length).toBeGreaterThanOrEqual(2);
    // HR hears of it: the escalation follows the status change within a workflow task.
    const escalations = () => stack.db.notification.count({ where: { entityId: transferId, kind: 'SIGNATURE_EXPIRED' } });
    await waitFor(async () => ((await escalations()) > 0 ? true : undefined), 10_000, 'the escalation');
    expect(await escalations()).toBe(1);

    await transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'RESEND_SIGNATURE', note: '员工已确认手机号', actor: 'hr-manager' }] });
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    await signAsEmployee(stack, transferId);
    expect((await transfer.result()).status).toBe('COMPLETED');
  }, 60_000);

  it('cancels while polling and withdraws the case at the agency', async () => {
    const slow = await startStack({ agencyStepMs: 60_000 });
    try {
      const { transferId, transfer, idNumber } = await hireWithTransfer(slow);
      await waitForTransferStatus(slow, transferId, 'AWAITING_SIGNATURE');
      await signAsEmployee(slow, transferId);
      await waitForTransferStatus(slow, transferId, 'SUBMITTED');
      await transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'CANCEL', note: '员工决定暂不转移', actor: 'hr-manager' }] });
      expect((await transfer.result()).status).toBe('CANCELLED');
      const cases = [...slow.agency.state.cases.values()].filter((agencyCase) => agencyCase.request.idNumber === idNumber);
      expect(cases).toHaveLength(1);
      const seen = await request(slow.agency.app).get(`/transfers/${cases[0]!.caseId}`).expect(200);
      expect(seen.body.status).toBe('WITHDRAWN');
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('refuses actions the current state does not allow, with the reason', async () => {
    const { transferId, transfer } = await hireWithTransfer(stack);
    await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
    const app = createApp(stack.appDeps());
    const refused = await request(app)
      .post(`/api/transfers/${transferId}/actions`)
      .set('authorization', await bearer('hr_manager'))
      .send({ action: 'CONFIRM_COMPLETION', note: '已到账', actor: 'hr-manager' })
      .expect(409);
    expect(refused.body.error.code).toBe('ACTION_REJECTED');
    expect(refused.body.error.message).toContain('AWAITING_SIGNATURE');
    await transfer.executeUpdate(transferActionUpdate, { args: [{ action: 'CANCEL', note: '测试结束', actor: 'hr-manager' }] });
    await waitFor(async () => ((await transfer.query(transferStateQuery)).status === 'CANCELLED' ? true : undefined));
  });
});
