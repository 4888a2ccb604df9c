import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../../activities/bench';

type BenchActivities = ReturnType<typeof activities.createBenchActivities>;

// The onboarding workflow's two sets of activity options, so that only the work around the
// activities differs between the two workflows the benchmark compares.
const db = proxyActivities<BenchActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const platform = proxyActivities<BenchActivities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    nonRetryableErrorTypes: ['NationalRecordsRejected'],
  },
});

/** The onboarding NEW path (register, look up, enroll) with no-op activities and nothing else. */
export async function bareOnboardingWorkflow(): Promise<void> {
  await db.benchNoop(); // registerEmployee
  await platform.benchNoop(); // lookUpNationalRecords
  await db.benchNoop(); // enroll
}
