import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { createDatabase, type Database } from '../../prisma/client';
import { startNationalRecordsSimulator, type RunningNationalRecordsSimulator } from '../../simulators/national-records/server';
import { createWorker } from '../../worker/create-worker';
import { testEnv } from './env';

let runtimeInstalled = false;
function quietRuntime() {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed by an earlier test file in this jest worker process.
  }
  runtimeInstalled = true;
}

export type Simulator = RunningNationalRecordsSimulator;
export const startSimulator = () => startNationalRecordsSimulator();

export interface TestStack {
  db: Database;
  client: Client;
  taskQueue: string;
  simulator: Simulator;
  worker: Worker;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** A real worker on its own task queue, the real database and a simulator on an ephemeral port. */
export async function startStack(): Promise<TestStack> {
  quietRuntime();
  const db = createDatabase(testEnv.databaseUrl);
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: testEnv.temporalAddress });
  const simulator = await startSimulator();
  const taskQueue = `test-${randomUUID()}`;
  let running: { worker: Worker; done: Promise<void> } | undefined;

  const stack: TestStack = {
    db,
    client,
    taskQueue,
    simulator,
    get worker() {
      if (!running) throw new Error('worker not running');
      return running.worker;
    },
    async startWorker() {
      const worker = await createWorker({
        connection: nativeConnection,
        taskQueue,
        db,
        nationalRecordsUrl: simulator.url,
        nationalRecordsTimeoutMs: 2_000,
        workflowBundlePath: testEnv.workflowBundle,
      });
      running = { worker, done: worker.run() };
      return worker;
    },
    async stopWorker() {
      if (!running) return;
      running.worker.shutdown();
      await running.done;
      running = undefined;
    },
    async close() {
      await stack.stopWorker();
      await simulator.close();
      await nativeConnection.close();
      await connection.close();
      await db.$disconnect();
    },
  };
  await stack.startWorker();
  return stack;
}
