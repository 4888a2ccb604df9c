/** Activities that do nothing: the baseline scripts/bench-onboarding.ts compares the onboarding workflow with. */
export function createBenchActivities() {
  return {
    async benchNoop(): Promise<void> {
      // Nothing: what is left to measure is Temporal's own cost of scheduling and completing an activity.
    },
  };
}
