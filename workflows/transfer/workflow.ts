import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type * as activities from '../../activities/transfer';
import { shanghaiDate } from '../../domain/business-date';
import { isTerminal, overdueCheck, type TransferStatus } from '../../domain/transfer';
import { DATABASE_ACTIVITY_OPTIONS, NATIONAL_RECORDS_ACTIVITY_OPTIONS } from '../onboarding/activity-options';
import { TRANSFER_STATUS } from '../search-attributes';
import {
  signatureCompletedSignal,
  transferActionUpdate,
  transferStateQuery,
  type TransferAction,
  type TransferInput,
  type TransferTimings,
  type TransferState,
} from './messages';

type TransferActivities = ReturnType<typeof activities.createTransferActivities>;

const db = proxyActivities<TransferActivities>(DATABASE_ACTIVITY_OPTIONS);
// Remote systems (agency, e-sign provider): retried with backoff, never given up on by the workflow.
const remote = proxyActivities<TransferActivities>({
  ...NATIONAL_RECORDS_ACTIVITY_OPTIONS,
  retry: { ...NATIONAL_RECORDS_ACTIVITY_OPTIONS.retry, nonRetryableErrorTypes: ['RemoteRejected'] },
});
// Rendering a PDF with a CJK font subset takes longer than a database write.
const documents = proxyActivities<TransferActivities>({ ...DATABASE_ACTIVITY_OPTIONS, startToCloseTimeout: '1 minute' });

const DEFAULTS: Required<TransferTimings> = {
  signatureReminderInterval: '3 days',
  signatureDeadline: '14 days',
  pollInterval: '6 hours',
  maxPollInterval: '1 day',
  historyLimit: 2_000,
};

/** Which action each status accepts; anything else is refused with the reason. */
const ACTIONS_BY_STATUS: Record<TransferAction['action'], TransferStatus[]> = {
  CANCEL: ['DRAFT', 'FORM_GENERATED', 'AWAITING_SIGNATURE', 'SIGNED', 'SUBMITTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'REJECTED', 'SIGNATURE_EXPIRED'],
  RESUBMIT: ['REJECTED'],
  RESEND_SIGNATURE: ['AWAITING_SIGNATURE', 'SIGNATURE_EXPIRED'],
  CONFIRM_COMPLETION: ['FUNDS_TRANSFERRED'],
};

const AGENCY_PROGRESS: Partial<Record<string, TransferStatus>> = {
  ACCEPTED: 'SUBMITTED',
  CONTACT_LETTER_SENT: 'CONTACT_LETTER_SENT',
  ORIGIN_REVIEWED: 'ORIGIN_REVIEWED',
  FUNDS_TRANSFERRED: 'FUNDS_TRANSFERRED',
  COMPLETED: 'COMPLETED',
  REJECTED: 'REJECTED',
};

export async function pensionTransferWorkflow(input: TransferInput): Promise<TransferState> {
  const timings = { ...DEFAULTS, ...input.timings };
  const state: TransferState = input.resume ?? {
    status: 'DRAFT',
    flags: [],
    signingRound: 0,
    submissionCount: 0,
    enteredOn: {},
    polls: 0,
    timeline: [],
  };
  let pendingAction: TransferAction | undefined;
  let actionsTaken = 0;
  const signedRequests = new Set<string>();
  let signingRequestId: string | undefined;

  setHandler(transferStateQuery, () => state);
  setHandler(signatureCompletedSignal, ({ signingRequestId: signed }) => {
    signedRequests.add(signed);
  });
  setHandler(
    transferActionUpdate,
    async (action) => {
      pendingAction = action;
      const before = actionsTaken;
      await condition(() => actionsTaken > before);
      return state;
    },
    {
      validator: (action: TransferAction) => {
        const allowed = ACTIONS_BY_STATUS[action.action];
        if (!allowed) throw new Error(`未知的操作:${String(action.action)}`);
        if (!allowed.includes(state.status)) {
          throw new Error(`当前状态为 ${state.status},不能执行 ${action.action}(可执行的状态:${allowed.join('、')})`);
        }
        if (pendingAction) throw new Error('已有一个操作正在处理,请稍后再试');
        if (!action.actor?.trim()) throw new Error('缺少操作人');
      },
    },
  );

  const note = (step: string, message: string) => state.timeline.push({ at: new Date().toISOString(), step, message });
  const moveTo = async (status: TransferStatus, message: string, detail: object = {}, on = shanghaiDate(new Date())) => {
    state.status = status;
    state.enteredOn[status] = on;
    upsertSearchAttributes([{ key: TRANSFER_STATUS, value: status }]);
    note(status, message);
    await db.recordTransferStatus({
      transferId: input.transferId,
      status,
      flags: state.flags,
      stepKey: `${status}-${state.timeline.length}`,
      message,
      detail,
    });
  };
  const settleAction = () => {
    pendingAction = undefined;
    actionsTaken += 1;
  };
  const finish = async () => {
    await condition(allHandlersFinished);
    return state;
  };
  const cancel = async (action: TransferAction) => {
    if (state.agencyCaseId && !['REJECTED', 'SIGNATURE_EXPIRED'].includes(state.status)) {
      await remote.withdrawAtAgency({ agencyCaseId: state.agencyCaseId });
    }
    if (signingRequestId && state.status === 'AWAITING_SIGNATURE') await remote.cancelSigningRequest({ signingRequestId });
    await moveTo('CANCELLED', `HR 取消转移:${action.note}`, { actor: action.actor });
    settleAction();
  };

  if (!input.resume) {
    upsertSearchAttributes([{ key: TRANSFER_STATUS, value: 'DRAFT' }]);
    const opened = await db.openTransfer({
      transferId: input.transferId,
      employeeId: input.employeeId,
      originCityCode: input.originCityCode,
      destinationCityCode: input.destinationCityCode,
      onboardingCaseId: input.onboardingCaseId,
    });
    state.flags = opened.flags;
    const form = await documents.generateApplicationForm({ transferId: input.transferId });
    await moveTo('FORM_GENERATED', '已生成《基本养老保险关系转移接续申请表》', { sha256: form.sha256 });
  }

  // --- Signature: reminders until signed, a deadline, then HR resends or cancels. ---
  /** Waits for the current request to be signed; reminds the employee on the way. */
  const awaitSignature = async (): Promise<'SIGNED' | 'EXPIRED' | 'ACTION'> => {
    const deadline = Date.now() + msToNumber(timings.signatureDeadline);
    const signed = () => signingRequestId !== undefined && signedRequests.has(signingRequestId);
    for (let reminders = 1; ; reminders += 1) {
      const wakeAt = Math.min(Date.now() + msToNumber(timings.signatureReminderInterval), deadline);
      await condition(() => signed() || pendingAction !== undefined, Math.max(wakeAt - Date.now(), 1));
      if (signed()) return 'SIGNED';
      if (pendingAction) return 'ACTION';
      if (Date.now() >= deadline) return 'EXPIRED';
      await db.notify({
        key: `${input.transferId}:sign-reminder:${state.signingRound}:${reminders}`,
        kind: 'SIGNATURE_REMINDER',
        title: '提醒员工签署转移申请表',
        message: `已第 ${reminders} 次提醒员工签署养老保险关系转移接续申请表`,
        entityType: 'PensionTransfer',
        entityId: input.transferId,
      });
      note(`reminder-${state.signingRound}-${reminders}`, `第 ${reminders} 次提醒签署`);
    }
  };

  const collectSignature = async (): Promise<'SIGNED' | 'CANCELLED'> => {
    // The RESEND_SIGNATURE that started this round, answered once its new request is out; one that
    // arrives meanwhile stays pending and starts the next round.
    let resend: TransferAction | undefined;
    for (;;) {
      state.signingRound += 1;
      const request = await remote.requestSignature({ transferId: input.transferId, round: state.signingRound });
      signingRequestId = request.signingRequestId;
      state.signingUrl = request.signingUrl;
      await moveTo('AWAITING_SIGNATURE', `已发送电子签署请求(第 ${state.signingRound} 次)`, { signingRequestId, signingUrl: request.signingUrl });
      if (resend && pendingAction === resend) settleAction();

      const outcome = await awaitSignature();
      if (outcome === 'SIGNED') {
        await moveTo('SIGNED', '员工已完成电子签署', { signingRequestId });
        return 'SIGNED';
      }
      if (outcome === 'EXPIRED') {
        await remote.cancelSigningRequest({ signingRequestId: request.signingRequestId });
        await moveTo('SIGNATURE_EXPIRED', '签署期限已过,员工未签署');
        await db.notify({
          key: `${input.transferId}:signature-expired:${state.signingRound}`,
          kind: 'SIGNATURE_EXPIRED',
          title: '转移申请表签署已过期',
          message: '员工未在期限内签署,请重新发送签署请求或取消转移',
          entityType: 'PensionTransfer',
          entityId: input.transferId,
        });
        await condition(() => pendingAction !== undefined);
      }
      const action = pendingAction;
      if (action?.action === 'CANCEL') {
        await cancel(action);
        return 'CANCELLED';
      }
      // RESEND_SIGNATURE: withdraw the open request; the next pass sends a new one.
      resend = action;
      if (state.status === 'AWAITING_SIGNATURE') await remote.cancelSigningRequest({ signingRequestId: request.signingRequestId });
    }
  };
  if (state.status === 'FORM_GENERATED' && (await collectSignature()) === 'CANCELLED') return finish();

  // --- Submission and tracking at the origin agency, for weeks. ---
  const submit = async () => {
    state.submissionCount += 1;
    const submitted = await remote.submitToAgency({ transferId: input.transferId, submission: state.submissionCount });
    state.agencyCaseId = submitted.agencyCaseId;
    state.rejection = undefined;
    await moveTo('SUBMITTED', `已向转出地经办机构提交(第 ${state.submissionCount} 次)`, { agencyCaseId: submitted.agencyCaseId });
  };
  if (state.status === 'SIGNED') await submit();

  let pollWait = msToNumber(timings.pollInterval);
  while (state.status !== 'COMPLETED' && state.status !== 'CANCELLED') {
    if (state.status === 'REJECTED') {
      await condition(() => pendingAction !== undefined);
    } else {
      const wakeAt = Date.now() + pollWait;
      state.nextPollAt = new Date(wakeAt).toISOString();
      await condition(() => pendingAction !== undefined, pollWait);
      state.nextPollAt = undefined;
    }

    const action = pendingAction;
    if (action?.action === 'CANCEL') {
      await cancel(action);
      return finish();
    }
    if (action?.action === 'RESUBMIT') {
      // Corrected data changes the form, and a changed form needs the employee's signature again.
      note(`resubmit-${state.submissionCount + 1}`, `HR 更正后重新提交:${action.note}`);
      await db.applyCorrections({ transferId: input.transferId, corrections: action.corrections ?? {}, actor: action.actor, note: action.note });
      const form = await documents.generateApplicationForm({ transferId: input.transferId });
      await moveTo('FORM_GENERATED', '已按更正重新生成申请表', { sha256: form.sha256 });
      settleAction();
      if ((await collectSignature()) === 'CANCELLED') return finish();
      await submit();
      pollWait = msToNumber(timings.pollInterval);
      continue;
    }
    if (action?.action === 'CONFIRM_COMPLETION') {
      note('confirmed', `HR 确认转移完成:${action.note}`);
      await complete();
      settleAction();
      break;
    }
    if (!state.agencyCaseId || state.status === 'REJECTED') continue;

    state.polls += 1;
    const agencyCase = await remote.checkAgencyCase({ agencyCaseId: state.agencyCaseId });
    state.agencyStatus = agencyCase.status;
    // Walk every step the agency took since the last look, with the agency's own dates: the
    // working-day limits run from when a step really happened, not from when we noticed it.
    const newSteps = agencyCase.history
      .map((entry) => ({ status: AGENCY_PROGRESS[entry.status], on: shanghaiDate(new Date(entry.at)) }))
      .filter((entry): entry is { status: TransferStatus; on: string } => entry.status !== undefined && isAhead(entry.status, state.status));
    if (newSteps.length === 0) {
      // Nothing new: look less often, up to the ceiling.
      pollWait = Math.min(pollWait * 2, msToNumber(timings.maxPollInterval));
    } else {
      pollWait = msToNumber(timings.pollInterval);
    }
    for (const { status, on } of newSteps) {
      if (status === 'REJECTED') {
        state.rejection = agencyCase.rejection;
        await moveTo('REJECTED', `转出地经办机构退回:${agencyCase.rejection?.reason ?? '未说明原因'}`, { rejection: agencyCase.rejection }, on);
        await db.notify({
          key: `${input.transferId}:rejected:${state.submissionCount}`,
          kind: 'TRANSFER_REJECTED',
          title: '养老保险关系转移被退回',
          message: agencyCase.rejection?.reason ?? '转出地经办机构退回了申请',
          entityType: 'PensionTransfer',
          entityId: input.transferId,
        });
      } else if (status === 'COMPLETED') {
        if (agencyCase.partial) state.flags = [...new Set([...state.flags, 'PARTIAL'])];
        await complete(agencyCase);
      } else {
        await moveTo(status, AGENCY_MESSAGES[status] ?? status, {}, on);
      }
    }

    const overdue = overdueCheck({ status: state.status, enteredAt: state.enteredOn, today: shanghaiDate(new Date()) });
    if (overdue.overdue && !state.flags.includes('OVERDUE')) {
      state.flags = [...state.flags, 'OVERDUE'];
      note('overdue', overdue.reasons.map((reason) => reason.message).join(';'));
      await db.notify({
        key: `${input.transferId}:overdue:${state.status}`,
        kind: 'TRANSFER_OVERDUE',
        title: '养老保险关系转移超期',
        message: overdue.reasons.map((reason) => reason.message).join(';'),
        entityType: 'PensionTransfer',
        entityId: input.transferId,
      });
      await db.recordTransferStatus({
        transferId: input.transferId,
        status: state.status,
        flags: state.flags,
        stepKey: `overdue-${state.status}`,
        message: '超过工作日时限',
        detail: { reasons: overdue.reasons },
      });
    }

    if (!isTerminal(state.status) && workflowInfo().historyLength > timings.historyLimit) {
      // An HR action arriving now waits for this loop to take it, and the loop would wait for it to
      // finish: take it first, continue as new on a later turn.
      await condition(() => allHandlersFinished() || pendingAction !== undefined);
      if (pendingAction === undefined) await continueAsNew<typeof pensionTransferWorkflow>({ ...input, resume: state });
    }
  }
  return finish();

  async function complete(agencyCase?: { monthsTransferred?: number; funds?: { individualAccount: string; pooledFund: string } }) {
    const result = await db.completeTransfer({
      transferId: input.transferId,
      monthsTransferred: agencyCase?.monthsTransferred,
      individualAccount: agencyCase?.funds?.individualAccount,
      pooledFund: agencyCase?.funds?.pooledFund,
      flags: state.flags,
    });
    state.result = result;
    state.status = 'COMPLETED';
    state.enteredOn.COMPLETED = shanghaiDate(new Date());
    upsertSearchAttributes([{ key: TRANSFER_STATUS, value: 'COMPLETED' }]);
    note('COMPLETED', `转移完成:转入 ${result.monthsTransferred} 个月,累计 ${result.totalMonths} 个月`);
  }
}

const AGENCY_PATH: TransferStatus[] = ['SUBMITTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'COMPLETED'];

/** A step the transfer has not reached yet: later on the agency path, or a rejection of the current case. */
function isAhead(status: TransferStatus, current: TransferStatus): boolean {
  if (status === 'REJECTED') return current !== 'REJECTED';
  return AGENCY_PATH.indexOf(status) > AGENCY_PATH.indexOf(current);
}

const AGENCY_MESSAGES: Partial<Record<TransferStatus, string>> = {
  CONTACT_LETTER_SENT: '转入地已发出联系函',
  ORIGIN_REVIEWED: '转出地已审核',
  FUNDS_TRANSFERRED: '基金已转移到账',
};
