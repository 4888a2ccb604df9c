import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createOnboardingActivities } from '../activities/onboarding';
import { createBenchActivities } from '../activities/bench';
import { createNationalRecordsClient } from '../activities/adapters/national-records-client';
import type { Database } from '../prisma/client';

export interface WorkerDeps {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  db: Database;
  nationalRecordsUrl: string;
  nationalRecordsTimeoutMs?: number;
  /** A pre-built bundle (production, tests); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
}

export function createActivities(deps: Pick<WorkerDeps, 'db' | 'nationalRecordsUrl' | 'nationalRecordsTimeoutMs'>) {
  const nationalRecords = createNationalRecordsClient({
    baseUrl: deps.nationalRecordsUrl,
    timeoutMs: deps.nationalRecordsTimeoutMs ?? 10_000,
  });
  return { ...createOnboardingActivities({ db: deps.db, nationalRecords }), ...createBenchActivities() };
}

export async function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace ?? 'default',
    taskQueue: deps.taskQueue,
    activities: createActivities(deps),
    ...(deps.workflowBundlePath
      ? { workflowBundle: { codePath: deps.workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    ...deps.tuning,
  });
}
