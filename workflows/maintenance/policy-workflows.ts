import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type Duration } from '@temporalio/common';
import type * as policySync from '../../activities/policy-sync';
import type { FeedReadResult } from '../../activities/policy-sync';
import { shanghaiMonth } from '../../domain/business-date';
import { policyAdjustmentWorkflow } from '../contributions/adjustment-workflow';
import { policyAdjustmentWorkflowId } from '../contributions/ids';
import { policyDecisionUpdate, policyProposalStateQuery, type PolicyDecision, type PolicyProposalState } from './messages';

type SyncActivities = ReturnType<typeof policySync.createPolicySyncActivities>;

const acts = proxyActivities<SyncActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['PolicyProposalNotFound', 'PolicyProposalConflict'] },
});

export interface PolicySyncResult extends FeedReadResult {
  startedProposals: string[];
}

/** Daily: read the feed; every new change becomes a proposal workflow that waits for an HR manager. */
export async function policySyncWorkflow(input: { reminderInterval?: Duration } = {}): Promise<PolicySyncResult> {
  const read = await acts.readPolicyFeed({ syncId: workflowInfo().workflowId });
  const startedProposals: string[] = [];
  for (const proposalId of read.newProposalIds) {
    try {
      await startChild(policyProposalWorkflow, {
        workflowId: proposalId,
        parentClosePolicy: 'ABANDON',
        // A proposal HR already decided is never proposed again under the same id.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [{ proposalId, reminderInterval: input.reminderInterval }],
      });
      startedProposals.push(proposalId);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return { ...read, startedProposals };
}

const DEFAULT_REMINDER_INTERVAL: Duration = '1 day';

/**
 * One proposed policy change: reminds daily until an HR manager approves or rejects it (an Update
 * with a validator). Approval writes the version and, when it reaches back into months already run,
 * starts the retroactive adjustment.
 */
export async function policyProposalWorkflow(input: { proposalId: string; reminderInterval?: Duration }): Promise<PolicyProposalState> {
  const state: PolicyProposalState = { proposalId: input.proposalId, status: 'PENDING', reminders: 0 };
  let pending: PolicyDecision | undefined;
  let settled = 0;
  setHandler(policyProposalStateQuery, () => state);
  setHandler(
    policyDecisionUpdate,
    async (decision) => {
      pending = decision;
      const before = settled;
      await condition(() => settled > before);
      if (state.status === 'PENDING') throw ApplicationFailure.nonRetryable(state.lastError ?? '审批未能生效', 'PolicyProposalConflict');
      return state;
    },
    {
      validator: (decision) => {
        if (state.status !== 'PENDING') throw new Error(`该提案已${state.status === 'APPROVED' ? '批准' : '驳回'},不能再次决定`);
        if (pending) throw new Error('已有一个决定正在处理,请稍后再试');
        if (!decision.decidedBy?.trim()) throw new Error('缺少审批人');
        if (decision.kind === 'REJECT' && !decision.reason?.trim()) throw new Error('驳回时必须说明理由');
      },
    },
  );

  while (state.status === 'PENDING') {
    const decided = await condition(() => pending !== undefined, input.reminderInterval ?? DEFAULT_REMINDER_INTERVAL);
    if (!decided) {
      state.reminders += 1;
      await acts.remindPolicyProposal({ proposalId: input.proposalId, reminder: state.reminders });
      continue;
    }
    const decision = pending!;
    try {
      if (decision.kind === 'APPROVE') {
        const applied = await acts.applyPolicyProposal({ proposalId: input.proposalId, decidedBy: decision.decidedBy });
        Object.assign(state, { status: 'APPROVED', policyVersionId: applied.policyVersionId, decision: { ...decision, at: new Date().toISOString() } });
        if (applied.effectiveFrom.slice(0, 7) <= shanghaiMonth(new Date())) {
          state.adjustmentWorkflowId = policyAdjustmentWorkflowId(applied.policyVersionId);
          await startChild(policyAdjustmentWorkflow, {
            workflowId: state.adjustmentWorkflowId,
            parentClosePolicy: 'ABANDON',
            args: [{ policyVersionId: applied.policyVersionId }],
          });
        }
      } else {
        await acts.rejectPolicyProposal({ proposalId: input.proposalId, decidedBy: decision.decidedBy, reason: decision.reason ?? '' });
        Object.assign(state, { status: 'REJECTED', decision: { ...decision, at: new Date().toISOString() } });
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      state.lastError = error.cause instanceof ApplicationFailure ? error.cause.message : error.message;
    }
    pending = undefined;
    settled += 1;
  }
  await condition(allHandlersFinished);
  return state;
}
