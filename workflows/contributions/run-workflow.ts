import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../../activities/contribution-run';
import type { BatchOutcome, RunTotals } from '../../activities/contribution-run';
import { contributionRunProgressQuery, type ContributionRunInput, type ContributionRunProgress } from './messages';

type RunActivities = ReturnType<typeof activities.createContributionRunActivities>;

const DEFAULT_BATCH_SIZE = 5_000;

const { beginContributionRun, computeContributionBatch, completeContributionRun } = proxyActivities<RunActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ContributionMonthFinalized', 'CompanyNotFound'] },
});

/**
 * One company's month: employees in id order, a batch per activity. The cursor lives in the workflow,
 * so a worker that dies mid-run resumes at the batch it was on, and each batch replaces its own rows.
 */
export async function contributionRunWorkflow(input: ContributionRunInput): Promise<RunTotals> {
  const progress: ContributionRunProgress = { phase: 'STARTING', batches: 0, employeesRead: 0, employeesComputed: 0, notEmployed: 0, skipped: 0, lines: 0 };
  setHandler(contributionRunProgressQuery, () => progress);

  const { runId, attempt } = await beginContributionRun({ companyId: input.companyId, month: input.month, workflowId: workflowInfo().workflowId });
  Object.assign(progress, { phase: 'COMPUTING', runId, attempt });

  let afterEmployeeId: string | null = '';
  while (afterEmployeeId !== null) {
    const batch: BatchOutcome = await computeContributionBatch({ runId, afterEmployeeId, limit: input.batchSize ?? DEFAULT_BATCH_SIZE });
    progress.batches += 1;
    progress.employeesRead += batch.employees;
    progress.employeesComputed += batch.computed;
    progress.notEmployed += batch.notEmployed;
    progress.skipped += batch.skipped;
    progress.lines += batch.lines;
    afterEmployeeId = batch.lastEmployeeId;
  }

  const totals = await completeContributionRun({ runId });
  progress.phase = 'DONE';
  return totals;
}
