import type { Duration } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as cases from '../../activities/cleanup-cases';
import type * as departures from '../../activities/cleanup-departures';
import type * as duplicates from '../../activities/cleanup-duplicates';
import type * as run from '../../activities/cleanup-run';
import type { CleanupCounts } from '../../activities/cleanup-run';
import { shanghaiDate, shanghaiMonth } from '../../domain/business-date';
import { addMonths } from '../../domain/months';

type CleanupActivities = ReturnType<typeof duplicates.createDuplicateActivities> &
  ReturnType<typeof departures.createDepartureActivities> &
  ReturnType<typeof cases.createCaseActivities> &
  ReturnType<typeof run.createCleanupRunActivities>;

const DEFAULT_BATCH_SIZE = 5_000;

// Batch activities heartbeat their cursor: a short heartbeat timeout notices a dead worker quickly,
// and the retry resumes from the last heartbeat instead of from the start.
const DEFAULT_HEARTBEAT_TIMEOUT: Duration = '20 seconds';

function activities(heartbeatTimeout: Duration) {
  return proxyActivities<CleanupActivities>({
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
}

export interface MonthEndCleanupInput {
  /** Which month to clean; by default the month before the (scheduled) start, in Asia/Shanghai. */
  month?: string;
  batchSize?: number;
  heartbeatTimeout?: Duration;
}

export interface MonthEndCleanupResult {
  month: string;
  counts: CleanupCounts;
  findings: Record<string, number>;
  resumed: { invalidIdScan: string | null; departures: string | null; transfers: string | null };
}

/** The start a schedule meant (also for a backfill or a trigger), else the workflow's own start. */
function scheduledStart(): Date {
  const scheduled = workflowInfo().searchAttributes?.TemporalScheduledStartTime?.[0];
  return scheduled instanceof Date ? scheduled : new Date(String(scheduled ?? workflowInfo().startTime.toISOString()));
}

/**
 * Month-end cleanup, run on the 1st for the month just ended: duplicates and invalid ID numbers are
 * reported for HR, departed employees still enrolled are stopped (停保), transfers the agency moved
 * on are synced, and cases stuck past their limits are flagged. Every action is idempotent.
 */
export async function monthEndCleanupWorkflow(input: MonthEndCleanupInput = {}): Promise<MonthEndCleanupResult> {
  const start = scheduledStart();
  const month = input.month ?? addMonths(shanghaiMonth(start), -1);
  const today = shanghaiDate(new Date());
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const acts = activities(input.heartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT);
  await acts.beginCleanup({ month, workflowId: workflowInfo().workflowId });

  const [duplicates, invalid, departures, transfers, stuck] = await Promise.all([
    acts.findDuplicateEmployees({ month }),
    acts.scanInvalidIdNumbers({ month, today, batchSize }),
    acts.stopDepartedEnrollments({ month, batchSize }),
    acts.syncTransfersWithAgency({ month, batchSize }),
    acts.flagStuckCases({ month, today }),
  ]);
  const counts: CleanupCounts = {
    duplicateIdNumbers: duplicates.sameIdNumber,
    samePersonDifferentIdNumbers: duplicates.samePersonDifferentIdNumber,
    invalidIdNumbers: invalid.invalid,
    employeesScanned: invalid.scanned,
    enrollmentsStopped: departures.stopped,
    transfersChecked: transfers.checked,
    transfersSynced: transfers.synced,
    stuckOnboardings: stuck.onboardings,
    stuckTransfers: stuck.transfers,
  };
  const findings = await acts.completeCleanup({ month, counts });
  return { month, counts, findings, resumed: { invalidIdScan: invalid.resumedFrom, departures: departures.resumedFrom, transfers: transfers.resumedFrom } };
}
