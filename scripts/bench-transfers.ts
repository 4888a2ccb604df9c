import { encryptedDataConverter } from '../worker/payload-codec';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import type { AppDeps } from '../api/deps';
import { authSettings } from '../api/auth/tokens';
import { employeeKey } from '../api/employee-key';
import { startTransfer } from '../api/transfers/start';
import { DEV_ESIGN_WEBHOOK_SECRET } from '../api/webhooks/esign-signature';
import { addDays, shanghaiDate } from '../domain/business-date';
import { computeCheckChar } from '../domain/id-number';
import type { NationalRecord } from '../domain/national-record';
import { createDatabase, type Database } from '../prisma/client';
import { databaseUrlFromEnv } from '../prisma/database-url';
import { toDbDate } from '../prisma/dates';
import { recreateDatabase } from '../prisma/migrate';
import { installRuntime } from '../worker/runtime';
import { createWorker } from '../worker/create-worker';
import { freePort } from './free-port';
import { startSimulatorProcess } from './simulator-process';
import { startTemporalDevServer } from './temporal-dev-server';
import { writeWorkflowBundle } from './workflow-bundle';

// `npm run bench:transfers`: N pension transfers at once, end to end (form, signature webhook,
// agency submission and tracking), with fast simulator timings. Reports completions per second,
// the longest history of one run, and the number of cases the agency holds (must equal N).
const DATABASE = 'shebao_bench_transfers';
const TASK_QUEUE = 'bench-transfers';
const SECRET = 'bench-employee-key-secret';
const AGENCY_STEP_MS = 200;
const TIME_LIMIT_MS = 10 * 60_000;

const count = Number(process.env.N ?? 500);

function idNumberFor(index: number): string {
  const birth = addDays('1975-01-01', index % 9000).replaceAll('-', '');
  const first17 = `430102${birth}${String(Math.floor(index / 9000) * 2 + 100 + (index % 2)).padStart(3, '0').slice(-3)}`;
  return first17 + computeCheckChar(first17);
}

const guangzhouPension: NationalRecord[] = [
  { cityCode: '440100', cityName: '广州', insuranceType: 'PENSION', status: 'SUSPENDED', firstMonth: '2021-01', lastMonth: '2023-12', monthsPaid: 36, employer: '广州某某科技有限公司' },
];

/** The people to transfer, as onboarding would have left them: registered, enrolled, looked up. */
async function seedEmployees(db: Database, total: number): Promise<string[]> {
  const hireDate = toDbDate(addDays(shanghaiDate(new Date()), -10));
  const employees = Array.from({ length: total }, (_, index) => {
    const idNumber = idNumberFor(index);
    return { id: employeeKey(idNumber, SECRET), idNumber };
  });
  await db.employee.createMany({
    data: employees.map(({ id, idNumber }) => ({
      id,
      idNumber,
      name: '压测员工',
      gender: Number(idNumber[16]) % 2 === 1 ? ('MALE' as const) : ('FEMALE' as const),
      birthDate: toDbDate(`${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`),
      workCityCode: '430100',
      hireDate,
      status: 'ACTIVE' as const,
    })),
  });
  await db.onboardingCase.createMany({
    data: employees.map(({ id, idNumber }) => ({
      id: `onb_${id}`,
      workflowId: `bench-${id}`,
      employeeId: id,
      submittedName: '压测员工',
      submittedIdNumber: idNumber,
      hireDate,
      workCityCode: '430100',
      monthlyGrossWage: '10000.00',
      status: 'ENROLLED' as const,
      enrollmentDeadline: hireDate,
    })),
  });
  await db.enrollment.createMany({
    data: employees.map(({ id }) => ({
      id: randomUUID(),
      employeeId: id,
      caseId: `onb_${id}`,
      cityCode: '430100',
      kind: 'CONTINUING' as const,
      insuranceTypes: ['PENSION'],
      effectiveMonth: shanghaiDate(hireDate).slice(0, 7),
    })),
  });
  await db.nationalRecordSnapshot.createMany({
    data: employees.map(({ id }) => ({
      id: randomUUID(),
      employeeId: id,
      caseId: `onb_${id}`,
      lookupKey: 'lookup-1',
      records: guangzhouPension as unknown as object,
      recordCount: 1,
    })),
  });
  return employees.map(({ id }) => id);
}

async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const closers: (() => Promise<unknown>)[] = [];
  const timer = setTimeout(() => {
    console.error(`benchmark exceeded ${TIME_LIMIT_MS / 60_000} minutes`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  try {
    installRuntime();
    const workDir = mkdtempSync(join(tmpdir(), 'shebao-bench-transfers-'));
    closers.push(async () => rmSync(workDir, { recursive: true, force: true }));
    const bundlePath = join(workDir, 'workflow-bundle.js');
    console.log('starting Temporal dev server, database, simulators, API and worker…');
    const [temporal, databaseUrl] = await Promise.all([
      freePort().then((port) => startTemporalDevServer({ port, logLevel: 'error' })),
      recreateDatabase(databaseUrlFromEnv(), DATABASE),
      writeWorkflowBundle(bundlePath),
    ]);
    closers.push(() => temporal.stop());
    const db = createDatabase(databaseUrl);
    closers.push(() => db.$disconnect());
    const agency = await startSimulatorProcess('simulators/origin-agency/main.js', { AGENCY_STEP_MS: String(AGENCY_STEP_MS) });
    closers.push(agency.stop);
    const esign = await startSimulatorProcess('simulators/esign/main.js', { ESIGN_WEBHOOK_SECRET: DEV_ESIGN_WEBHOOK_SECRET });
    closers.push(esign.stop);

    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({ connection, dataConverter: encryptedDataConverter() });
    const deps: AppDeps = {
      db,
      temporal: client,
      taskQueue: TASK_QUEUE,
      employeeKeySecret: SECRET,
      originRecheckInterval: '1 minute',
      esignWebhookSecret: DEV_ESIGN_WEBHOOK_SECRET,
      transferTimings: { signatureReminderInterval: '1 minute', signatureDeadline: '10 minutes', pollInterval: '250 milliseconds', maxPollInterval: '1 second' },
      today: () => shanghaiDate(new Date()),
      logError: console.error,
      auth: authSettings(),
    };
    const api = createApp(deps).listen(0, '127.0.0.1');
    await new Promise((resolve) => api.once('listening', resolve));
    closers.push(() => new Promise((resolve) => api.close(resolve)));

    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    closers.push(() => nativeConnection.close());
    const worker = await createWorker({
      connection: nativeConnection,
      taskQueue: TASK_QUEUE,
      db: createDatabase(databaseUrl, { maxConnections: 20 }),
      nationalRecordsUrl: 'http://127.0.0.1:9',
      originAgencyUrl: agency.url,
      esignUrl: esign.url,
      publicApiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
      employerName: '压测示例有限公司',
      workflowBundlePath: bundlePath,
      // Fewer activities at once than the pool has connections: none waits out its timeout in a queue.
      tuning: { maxConcurrentActivityTaskExecutions: 16, maxConcurrentWorkflowTaskExecutions: 50, maxCachedWorkflows: 2000 },
    });
    const workerRun = worker.run();
    closers.push(async () => {
      worker.shutdown();
      await workerRun;
    });

    const employeeIds = await seedEmployees(db, count);
    console.log(`starting ${count} transfers…`);
    const startedAt = new Map<string, number>();
    const began = performance.now();
    const transferIds: string[] = [];
    await inBatches(employeeIds, 50, async (employeeId) => {
      const started = await startTransfer(deps, { employeeId, originCity: '440100' });
      startedAt.set(started.id, performance.now());
      transferIds.push(started.id);
    });

    // The employees sign as their requests arrive, on the provider's page.
    const signed = new Set<string>();
    const completedAt = new Map<string, number>();
    while (completedAt.size < count) {
      const waiting = await db.pensionTransfer.findMany({ where: { status: 'AWAITING_SIGNATURE', signingRequestId: { not: null } }, select: { id: true, signingRequestId: true } });
      await inBatches(waiting.filter((row) => !signed.has(row.id)), 20, async (row) => {
        const response = await fetch(`${esign.url}/sign/${row.signingRequestId}`, { method: 'POST' });
        if (response.ok) signed.add(row.id);
      });
      const done = await db.pensionTransfer.findMany({ where: { status: 'COMPLETED' }, select: { id: true } });
      for (const { id } of done) if (!completedAt.has(id)) completedAt.set(id, performance.now());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const wallSeconds = (performance.now() - began) / 1000;

    let longestHistory = 0;
    await inBatches(transferIds, 20, async (id) => {
      const description = await client.workflow.getHandle(id).describe();
      longestHistory = Math.max(longestHistory, description.historyLength);
    });
    const stats = (await (await fetch(`${agency.url}/admin/stats`)).json()) as { cases: number; submissions: number };
    const latencies = transferIds.map((id) => (completedAt.get(id) ?? 0) - (startedAt.get(id) ?? 0)).sort((a, b) => a - b);

    console.log(
      [
        '',
        `Pension transfer benchmark — ${new Date().toISOString()}`,
        `N=${count}, agency step ${AGENCY_STEP_MS} ms, poll 250 ms → 1 s; node ${process.version}, ${cpus().length} CPUs`,
        '',
        `completed            ${completedAt.size} in ${wallSeconds.toFixed(1)} s`,
        `completions/s        ${(completedAt.size / wallSeconds).toFixed(1)}`,
        `start→complete       p50 ${(percentile(latencies, 50) / 1000).toFixed(1)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(1)} s`,
        `longest history      ${longestHistory} events (one run)`,
        `agency cases         ${stats.cases} (submissions received ${stats.submissions}) ${stats.cases === count ? 'OK' : 'MISMATCH'}`,
      ].join('\n'),
    );
    if (stats.cases !== count) process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    for (const close of closers.reverse()) await close().catch((error) => console.error('cleanup step failed:', error));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
