import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDatabase, type Database } from '../prisma/client';
import { databaseUrlFromEnv } from '../prisma/database-url';
import { recreateDatabase } from '../prisma/migrate';
import { createWorker } from '../worker/create-worker';
import { encryptedDataConverter } from '../worker/payload-codec';
import { installRuntime } from '../worker/runtime';
import { freePort } from './free-port';
import { startTemporalDevServer } from './temporal-dev-server';
import { writeWorkflowBundle } from './workflow-bundle';

export interface BatchBenchStack {
  db: Database;
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

// Remote systems the batch workflows never call: their adapters point nowhere.
const UNREACHABLE = 'http://127.0.0.1:9';

/**
 * What the batch benchmarks (contributions, cleanup) run on: their own in-memory dev server, a
 * fresh database and one worker in this process, so that its memory is the process's.
 */
export async function startBatchBenchStack(options: { database: string; taskQueue: string; maxConnections: number }): Promise<BatchBenchStack> {
  installRuntime();
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of closers.reverse()) await step().catch((error: unknown) => console.error('cleanup step failed:', error));
  };
  try {
    const workDir = mkdtempSync(join(tmpdir(), `${options.database}-`));
    closers.push(async () => rmSync(workDir, { recursive: true, force: true }));
    const bundlePath = join(workDir, 'workflow-bundle.js');
    const [server, databaseUrl] = await Promise.all([
      freePort().then((port) => startTemporalDevServer({ port, log: () => undefined })),
      recreateDatabase(databaseUrlFromEnv(), options.database),
      writeWorkflowBundle(bundlePath),
    ]);
    closers.push(() => server.stop());
    const db = createDatabase(databaseUrl, { maxConnections: options.maxConnections });
    closers.push(() => db.$disconnect());
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    closers.push(() => nativeConnection.close());
    const worker = await createWorker({
      connection: nativeConnection,
      taskQueue: options.taskQueue,
      db,
      nationalRecordsUrl: UNREACHABLE,
      originAgencyUrl: UNREACHABLE,
      esignUrl: UNREACHABLE,
      publicApiUrl: UNREACHABLE,
      employerName: '压测用人单位',
      workflowBundlePath: bundlePath,
    });
    const workerRun = worker.run();
    closers.push(async () => {
      worker.shutdown();
      await workerRun;
    });
    const connection = await Connection.connect({ address: server.address });
    closers.push(() => connection.close());
    return { db, client: new Client({ connection, dataConverter: encryptedDataConverter() }), taskQueue: options.taskQueue, close };
  } catch (error) {
    await close();
    throw error;
  }
}
