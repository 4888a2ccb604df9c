import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './env';
import type { TestStack } from './stack';

const ROOT = join(__dirname, '..', '..');

/**
 * The real worker entry point (worker/main.ts) in a process of its own, pointed at the stack's
 * queue, database and simulators, so that a test can kill it with SIGKILL mid-flight. One process:
 * tsx as a loader, not its CLI, which would fork a child that outlives the kill.
 */
export function spawnWorkerProcess(stack: TestStack): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'worker', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testEnv.databaseUrl,
      TEMPORAL_ADDRESS: testEnv.temporalAddress,
      TASK_QUEUE: stack.taskQueue,
      NATIONAL_RECORDS_URL: stack.simulator.url,
      ORIGIN_AGENCY_URL: stack.agency.url,
      ESIGN_URL: stack.esign.url,
      POLICY_FEED_URL: stack.policyFeed.url,
      PUBLIC_API_URL: stack.apiUrl,
      REMOTE_TIMEOUT_MS: '2000',
      WORKFLOW_BUNDLE_PATH: testEnv.workflowBundle,
      // Tests own their schedules, and several worker processes may run at once.
      ENSURE_SCHEDULES: 'false',
      WORKER_METRICS_ADDRESS: '',
    },
    stdio: 'ignore',
  });
}
