import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, proxyActivities } from '@temporalio/workflow';
import type * as activities from '../../activities/policy-adjustment';
import { contributionRunWorkflowId } from './ids';
import { contributionRunWorkflow } from './run-workflow';

type AdjustmentActivities = ReturnType<typeof activities.createPolicyAdjustmentActivities>;

const DEFAULT_BATCH_SIZE = 5_000;

const { planPolicyAdjustment, adjustFinalizedRunBatch, completePolicyAdjustment } = proxyActivities<AdjustmentActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['PolicyVersionNotFound', 'ContributionRunNotFound'] },
});

export interface PolicyAdjustmentInput {
  policyVersionId: string;
  batchSize?: number;
}

export interface PolicyAdjustmentResult {
  adjustmentId: string;
  finalizedMonths: string[];
  draftMonthsRerun: string[];
  /** Drafts already being re-run by someone else: that run reads the new version anyway. */
  draftMonthsBusy: string[];
  lineCount: number;
}

/** Finalized months get 补缴 / 退费 lines; draft months are simply run again under the new version. */
export async function policyAdjustmentWorkflow(input: PolicyAdjustmentInput): Promise<PolicyAdjustmentResult> {
  const plan = await planPolicyAdjustment({ policyVersionId: input.policyVersionId });
  for (const run of plan.finalized) {
    let afterEmployeeId: string | null = '';
    while (afterEmployeeId !== null) {
      const batch: { lastEmployeeId: string | null } = await adjustFinalizedRunBatch({
        adjustmentId: plan.adjustmentId,
        policyVersionId: input.policyVersionId,
        runId: run.runId,
        cityCode: plan.cityCode,
        afterEmployeeId,
        limit: input.batchSize ?? DEFAULT_BATCH_SIZE,
      });
      afterEmployeeId = batch.lastEmployeeId;
    }
  }
  const draftMonthsRerun: string[] = [];
  const draftMonthsBusy: string[] = [];
  for (const draft of plan.drafts) {
    try {
      await executeChild(contributionRunWorkflow, {
        workflowId: contributionRunWorkflowId(draft.companyId, draft.month),
        args: [{ companyId: draft.companyId, month: draft.month, batchSize: input.batchSize }],
      });
      draftMonthsRerun.push(draft.month);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      draftMonthsBusy.push(draft.month);
    }
  }
  const { lineCount } = await completePolicyAdjustment({ adjustmentId: plan.adjustmentId });
  return { adjustmentId: plan.adjustmentId, finalizedMonths: plan.finalized.map((run) => run.month), draftMonthsRerun, draftMonthsBusy, lineCount };
}
