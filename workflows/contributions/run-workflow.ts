import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../../activities/contribution-run';
import type { EmployeeRange, RunTotals } from '../../activities/contribution-run';
import { contributionRunProgressQuery, type ContributionRunInput, type ContributionRunProgress } from './messages';

type RunActivities = ReturnType<typeof activities.createContributionRunActivities>;

const DEFAULT_BATCH_SIZE = 5_000;
/** Batches in flight at once: one computes while another waits on the database. */
const DEFAULT_PARALLEL_BATCHES = 3;

const { beginContributionRun, planContributionBatches, computeContributionBatch, completeContributionRun } = proxyActivities<RunActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ContributionMonthFinalized', 'CompanyNotFound'] },
});

/**
 * One company's month: employees cut into fixed id ranges, a few ranges computed side by side. Each
 * range replaces its own rows, so a worker that dies mid-run costs at most the ranges in flight.
 */
export async function contributionRunWorkflow(input: ContributionRunInput): Promise<RunTotals> {
  const progress: ContributionRunProgress = { phase: 'STARTING', batches: 0, batchesDone: 0, employeesRead: 0, employeesComputed: 0, notEmployed: 0, skipped: 0, lines: 0 };
  setHandler(contributionRunProgressQuery, () => progress);

  const { runId, attempt } = await beginContributionRun({ companyId: input.companyId, month: input.month, workflowId: workflowInfo().workflowId });
  const ranges = await planContributionBatches({ runId, batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE });
  Object.assign(progress, { phase: 'COMPUTING', runId, attempt, batches: ranges.length });

  const pending: EmployeeRange[] = [...ranges];
  const lane = async () => {
    for (let range = pending.shift(); range; range = pending.shift()) {
      const batch = await computeContributionBatch({ runId, ...range });
      progress.batchesDone += 1;
      progress.employeesRead += batch.employees;
      progress.employeesComputed += batch.computed;
      progress.notEmployed += batch.notEmployed;
      progress.skipped += batch.skipped;
      progress.lines += batch.lines;
    }
  };
  await Promise.all(Array.from({ length: input.parallelBatches ?? DEFAULT_PARALLEL_BATCHES }, lane));

  const totals = await completeContributionRun({ runId });
  progress.phase = 'DONE';
  return totals;
}
