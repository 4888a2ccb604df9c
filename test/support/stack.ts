import { encryptedDataConverter } from '../../worker/payload-codec';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import type { Role } from '../../api/auth/roles';
import { authSettings } from '../../api/auth/tokens';
import { shanghaiDate } from '../../domain/business-date';
import { createDatabase, type Database } from '../../prisma/client';
import { startEsignSimulator, type RunningEsignSimulator } from '../../simulators/esign/server';
import { startOriginAgencySimulator, type RunningOriginAgencySimulator } from '../../simulators/origin-agency/server';
import { startPolicyFeedSimulator, type RunningPolicyFeedSimulator } from '../../simulators/policy-feed/server';
import type { TransferTimings } from '../../workflows/transfer/messages';
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

export const TEST_ESIGN_SECRET = 'test-esign-webhook-secret-0123456789';
export const TEST_EMPLOYEE_KEY_SECRET = 'test-secret-for-employee-keys';
export const TEST_AUTH = authSettings('test-jwt-secret-for-the-test-run-0123456789');

/** A bearer header for someone of `role`, as the token endpoint would issue it. */
export async function bearer(role: Role, username = `test-${role}`): Promise<string> {
  const { token } = await TEST_AUTH.tokens.sign({ subject: `user-${role}`, username, role, kind: 'user' }, 3600);
  return `Bearer ${token}`;
}

/** Quick polling, but signatures that wait quietly: what most tests want of the transfers they start. */
export const QUIET_TRANSFER_TIMINGS: TransferTimings = {
  signatureReminderInterval: '1 hour',
  signatureDeadline: '1 day',
  pollInterval: '200 milliseconds',
  maxPollInterval: '1 second',
};

/** Reminders and expiry within seconds, for the tests of the signature deadline. */
export const FAST_TRANSFER_TIMINGS: TransferTimings = {
  signatureReminderInterval: '1 second',
  signatureDeadline: '5 seconds',
  pollInterval: '200 milliseconds',
  maxPollInterval: '1 second',
};

export interface TestStack {
  db: Database;
  policyFeed: RunningPolicyFeedSimulator;
  client: Client;
  taskQueue: string;
  simulator: Simulator;
  agency: RunningOriginAgencySimulator;
  esign: RunningEsignSimulator;
  /** Our API on a real port: the e-sign provider posts its webhooks to it. */
  apiUrl: string;
  appDeps(overrides?: Partial<AppDeps>): AppDeps;
  worker: Worker;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  agencyStepMs?: number | Partial<Record<'contactLetterMs' | 'reviewMs' | 'fundsMs' | 'completionMs', number>>;
  /** The agency's clock; shift it to make its steps look old. */
  agencyNow?: () => number;
  transferTimings?: TransferTimings;
}

/** A real worker on its own task queue, the real database, the simulators and the API on ephemeral ports. */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  quietRuntime();
  const db = createDatabase(testEnv.databaseUrl);
  const connection = await Connection.connect({ address: testEnv.temporalAddress });
  const client = new Client({ connection, dataConverter: encryptedDataConverter() });
  const nativeConnection = await NativeConnection.connect({ address: testEnv.temporalAddress });
  const simulator = await startSimulator();
  const steps = typeof options.agencyStepMs === 'object' ? options.agencyStepMs : {};
  const stepMs = typeof options.agencyStepMs === 'number' ? options.agencyStepMs : 300;
  const agency = await startOriginAgencySimulator({
    timings: { contactLetterMs: stepMs, reviewMs: stepMs, fundsMs: stepMs, completionMs: stepMs, ...steps },
    now: options.agencyNow,
  });
  const esign = await startEsignSimulator({ webhookSecret: TEST_ESIGN_SECRET });
  const policyFeed = await startPolicyFeedSimulator();
  const taskQueue = `test-${randomUUID()}`;
  const appDeps = (overrides: Partial<AppDeps> = {}): AppDeps => ({
    db,
    temporal: client,
    taskQueue,
    employeeKeySecret: TEST_EMPLOYEE_KEY_SECRET,
    originRecheckInterval: '1 second',
    esignWebhookSecret: TEST_ESIGN_SECRET,
    transferTimings: options.transferTimings ?? QUIET_TRANSFER_TIMINGS,
    today: () => shanghaiDate(new Date()),
    logError: (error) => console.error(error),
    auth: TEST_AUTH,
    ...overrides,
  });
  const api: Server = await new Promise((resolve) => {
    const listening = createApp(appDeps()).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  let running: { worker: Worker; done: Promise<void> } | undefined;

  const stack: TestStack = {
    db,
    client,
    taskQueue,
    simulator,
    agency,
    esign,
    policyFeed,
    apiUrl,
    appDeps,
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
        originAgencyUrl: agency.url,
        esignUrl: esign.url,
        remoteTimeoutMs: 2_000,
        publicApiUrl: apiUrl,
        employerName: '长沙测试制造有限公司',
        policyFeedUrl: policyFeed.url,
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
      await new Promise((resolve) => api.close(resolve));
      await Promise.all([simulator.close(), agency.close(), esign.close(), policyFeed.close()]);
      await nativeConnection.close();
      await connection.close();
      await db.$disconnect();
    },
  };
  await stack.startWorker();
  return stack;
}
