import { encryptedDataConverter } from './payload-codec';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDatabase } from '../prisma/client';
import { loadWorkerConfig } from './config';
import { createWorker } from './create-worker';
import { installRuntime } from './runtime';
import { ensureSchedules } from './schedules';

async function run() {
  const config = loadWorkerConfig();
  installRuntime('INFO', { metricsAddress: config.WORKER_METRICS_ADDRESS || undefined, json: true });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const db = createDatabase(config.DATABASE_URL);
  const queues = [...new Set([config.TASK_QUEUE, config.TRANSFER_TASK_QUEUE])];
  const workers = await Promise.all(queues.map((taskQueue) => createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    db,
    nationalRecordsUrl: config.NATIONAL_RECORDS_URL,
    nationalRecordsTimeoutMs: config.NATIONAL_RECORDS_TIMEOUT_MS,
    originAgencyUrl: config.ORIGIN_AGENCY_URL,
    esignUrl: config.ESIGN_URL,
    remoteTimeoutMs: config.REMOTE_TIMEOUT_MS,
    publicApiUrl: config.PUBLIC_API_URL,
    employerName: config.EMPLOYER_NAME,
    policyFeedUrl: config.POLICY_FEED_URL,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    tuning: {
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
  })));
  if (config.ENSURE_SCHEDULES === 'true') {
    const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const { created, updated } = await ensureSchedules(new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryptedDataConverter() }), { taskQueue: config.TASK_QUEUE });
      console.log(`schedules created: ${created.join(', ') || 'none'}; updated: ${updated.join(', ') || 'none'}`);
    } finally {
      await clientConnection.close();
    }
  }
  try {
    // Each resolves after SIGINT/SIGTERM, once its in-flight tasks have drained.
    await Promise.all(workers.map((worker) => worker.run()));
  } finally {
    await db.$disconnect();
    await connection.close();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
