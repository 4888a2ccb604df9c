import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../../activities/bench';
import { DATABASE_ACTIVITY_OPTIONS, NATIONAL_RECORDS_ACTIVITY_OPTIONS } from '../onboarding/activity-options';

type BenchActivities = ReturnType<typeof activities.createBenchActivities>;

// The onboarding workflow's own activity options, so that only the work around the activities
// differs between the two workflows the benchmark compares.
const db = proxyActivities<BenchActivities>(DATABASE_ACTIVITY_OPTIONS);
const platform = proxyActivities<BenchActivities>(NATIONAL_RECORDS_ACTIVITY_OPTIONS);

/** The onboarding NEW path (register, look up, enroll) with no-op activities and nothing else. */
export async function bareOnboardingWorkflow(): Promise<void> {
  await db.benchNoop(); // registerEmployee
  await platform.benchNoop(); // lookUpNationalRecords
  await db.benchNoop(); // enroll
}
