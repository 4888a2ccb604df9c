import { encryptedDataConverter } from '../worker/payload-codec';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import type { AppDeps } from '../api/deps';
import { authSettings } from '../api/auth/tokens';
import { DEV_ESIGN_WEBHOOK_SECRET } from '../api/webhooks/esign-signature';
import { submitOnboarding } from '../api/onboardings/submit';
import { onboardingRequestSchema, type OnboardingRequest } from '../api/schemas/onboarding';
import { addDays, shanghaiDate } from '../domain/business-date';
import type { Classification } from '../domain/classification';
import { computeCheckChar } from '../domain/id-number';
import type { NationalRecord } from '../domain/national-record';
import { createDatabase } from '../prisma/client';
import { databaseUrlFromEnv } from '../prisma/database-url';
import { recreateDatabase } from '../prisma/migrate';
import { createWorker } from '../worker/create-worker';
import { bareOnboardingWorkflow, type employeeOnboardingWorkflow } from '../workflows';
import { freePort } from './free-port';
import { startSimulatorProcess } from './simulator-process';
import { startTemporalDevServer } from './temporal-dev-server';
import { writeWorkflowBundle } from './workflow-bundle';

const BENCH_DATABASE = 'shebao_bench';
const TASK_QUEUE = 'bench-onboarding';
const EMPLOYEE_KEY_SECRET = 'bench-secret-for-employee-keys';
const WORK_CITY = '430100'; // 长沙
const ID_REGIONS = ['430102', '440106', '420102', '330106'];
const WARM_UP = 50;
const TARGET_RATIO = 0.7;
/** Rounds come in pairs, one of each variant; more pairs make a passing stall matter less. */
const PAIRS = 8;
const TIME_LIMIT_MS = 10 * 60_000;
const SETTLE_MS = 3_000;

interface Options {
  count: number;
  concurrency: number;
}

type Closer = () => Promise<void>;

/** A started workflow; `result` settles when it completes and rejects if it failed or ended wrong. */
interface Started {
  result(): Promise<unknown>;
}

interface Variant {
  name: string;
  start(index: number): Promise<Started>;
  /** Between rounds, outside the timing. */
  afterRound?(): Promise<void>;
}

interface RoundResult {
  latenciesMs: number[];
  wallMs: number;
  failures: unknown[];
}

interface Hire {
  request: OnboardingRequest;
  records: NationalRecord[];
  expected: Classification;
}

const workerLogCounts = { WARN: 0, ERROR: 0 };

function positiveIntOption(name: string, fallback: number): number {
  const flag = process.argv.slice(2).find((arg) => arg.toUpperCase().startsWith(`--${name}=`));
  const raw = flag?.slice(name.length + 3) ?? process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function installRuntimeCountingWarnings(): void {
  const logger = new DefaultLogger('WARN', (entry: LogEntry) => {
    if (entry.level === 'WARN' || entry.level === 'ERROR') workerLogCounts[entry.level] += 1;
    const meta = entry.meta === undefined ? '' : ` ${inspect(entry.meta, { breakLength: Infinity })}`;
    process.stderr.write(`[worker ${entry.level}] ${entry.message}${meta}\n`);
  });
  // Forwarded, so the SDK core's own warnings (gRPC retries, poll errors) are counted too, not just printed.
  Runtime.install({ logger, telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } } });
}

/** Through the simulator's admin API, a few at a time; not part of the measurement. */
async function loadRecords(simulatorUrl: string, hires: Hire[]): Promise<void> {
  const queue = [...hires];
  const load = async () => {
    for (let hire = queue.shift(); hire; hire = queue.shift()) {
      const response = await fetch(`${simulatorUrl}/admin/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idNumber: hire.request.idNumber.idNumber, records: hire.records }),
      });
      if (!response.ok) throw new Error(`loading simulator records failed: HTTP ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, load));
}

/** Valid, distinct GB 11643 numbers: 1000 sequences × 9973 birth dates (coprime, so pairs never repeat) × 4 regions. */
function idNumberFor(index: number): string {
  const region = ID_REGIONS[index % ID_REGIONS.length]!;
  const k = Math.floor(index / ID_REGIONS.length);
  const birthDate = addDays('1970-01-01', k % 9973).replaceAll('-', '');
  const first17 = `${region}${birthDate}${String(k % 1000).padStart(3, '0')}`;
  return first17 + computeCheckChar(first17);
}

const continuingRecords: NationalRecord[] = [
  {
    cityCode: '430102',
    cityName: '长沙',
    insuranceType: 'PENSION',
    status: 'SUSPENDED',
    firstMonth: '2019-03',
    lastMonth: '2024-06',
    monthsPaid: 64,
    employer: '长沙某某软件有限公司',
  },
];

const transferRecords: NationalRecord[] = [
  {
    cityCode: '440106',
    cityName: '广州',
    insuranceType: 'PENSION',
    status: 'SUSPENDED',
    firstMonth: '2021-01',
    lastMonth: '2023-12',
    monthsPaid: 36,
    employer: '广州某某科技有限公司',
  },
];

/** 40% never insured, 30% insured before in 长沙, 30% with a suspended pension in 广州; interleaved so every round gets the same mix. */
function recordsFor(index: number): { records: NationalRecord[]; expected: Classification } {
  const slot = index % 10;
  if (slot < 4) return { records: [], expected: 'NEW' };
  if (slot < 7) return { records: continuingRecords, expected: 'CONTINUING' };
  return { records: transferRecords, expected: 'TRANSFER_NEEDED' };
}

function prepareHires(count: number): Hire[] {
  const today = shanghaiDate(new Date());
  const schema = onboardingRequestSchema(today);
  return Array.from({ length: count }, (_, index) => ({
    request: schema.parse({
      name: '压测员工',
      idNumber: idNumberFor(index),
      hireDate: addDays(today, -3),
      workCity: WORK_CITY,
      monthlyGrossWage: '12000.00',
    }),
    ...recordsFor(index),
  }));
}

function onboardingVariant(deps: AppDeps, hires: Hire[]): Variant {
  const startedTransfers: string[] = [];
  return {
    name: 'onboarding',
    // The transfers a round started wait on a queue nobody serves; left running, hundreds of them
    // weigh on the server in every later round (the pair ratios fell round after round), so they
    // are ended between rounds. Starting them is measured; running them is bench:transfers' job.
    async afterRound() {
      const ids = startedTransfers.splice(0);
      for (let i = 0; i < ids.length; i += 50) {
        await Promise.all(ids.slice(i, i + 50).map((id) => deps.temporal.workflow.getHandle(id).terminate('benchmark round over')));
      }
    },
    async start(index) {
      const hire = hires[index]!;
      const onboarding = await submitOnboarding(deps, hire.request);
      const handle = deps.temporal.workflow.getHandle<typeof employeeOnboardingWorkflow>(onboarding.workflowId);
      return {
        async result() {
          const state = await handle.result();
          startedTransfers.push(...(state.transfer?.workflowIds ?? []));
          if (state.status !== 'ENROLLED' || state.classification !== hire.expected) {
            throw new Error(`${onboarding.workflowId} ended ${state.status}/${state.classification}, expected ENROLLED/${hire.expected}`);
          }
        },
      };
    },
  };
}

function bareVariant(client: Client): Variant {
  return {
    name: 'bare',
    async start(index) {
      const handle = await client.workflow.start(bareOnboardingWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bare-${index}` });
      return { result: () => handle.result() };
    },
  };
}

/** Starts workflows `from`..`to`-1 with at most `concurrency` starts in flight and waits for all of them to complete. */
async function runRound(variant: Variant, from: number, to: number, concurrency: number): Promise<RoundResult> {
  const latenciesMs: number[] = [];
  const failures: unknown[] = [];
  const completions: Promise<void>[] = [];
  let next = from;
  const roundStart = performance.now();

  async function startLane() {
    while (next < to) {
      const index = next++;
      const submittedAt = performance.now();
      try {
        const started = await variant.start(index);
        completions.push(
          started.result().then(
            () => void latenciesMs.push(performance.now() - submittedAt),
            (error: unknown) => void failures.push(error),
          ),
        );
      } catch (error) {
        failures.push(error);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, startLane));
  await Promise.all(completions);
  const wallMs = performance.now() - roundStart;
  await variant.afterRound?.();
  // The server finishes some work after the last result (visibility writes, ended transfers): let it
  // drain so that it is not billed to the next round, whichever variant that is.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return { latenciesMs, wallMs, failures };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function summarize(rounds: RoundResult[]) {
  const latencies = rounds.flatMap((round) => round.latenciesMs).sort((a, b) => a - b);
  const wallMs = rounds.reduce((sum, round) => sum + round.wallMs, 0);
  return {
    completed: latencies.length,
    failures: rounds.flatMap((round) => round.failures),
    wallSeconds: wallMs / 1000,
    perSecond: latencies.length / (wallMs / 1000),
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
  };
}

async function runBenchmark(options: Options, closers: Closer[]): Promise<void> {
  installRuntimeCountingWarnings();
  const workDir = mkdtempSync(join(tmpdir(), 'shebao-bench-'));
  closers.push(async () => rmSync(workDir, { recursive: true, force: true }));
  const bundlePath = join(workDir, 'workflow-bundle.js');

  console.log('starting Temporal dev server, database, simulator and worker…');
  // On the way down the dev server warns about every internal poller it closes: noise, not news.
  let serverStopping = false;
  const serverLog = (text: string) => {
    if (!serverStopping) for (const line of text.split('\n')) process.stderr.write(`[temporal] ${line}\n`);
  };
  const [temporal, databaseUrl] = await Promise.all([
    freePort()
      .then((port) => startTemporalDevServer({ port, log: serverLog }))
      .then((server) => {
        closers.push(() => {
          serverStopping = true;
          return server.stop();
        });
        return server;
      }),
    recreateDatabase(databaseUrlFromEnv(), BENCH_DATABASE),
    writeWorkflowBundle(bundlePath),
  ]);

  // Separate pools, as the API and the worker are separate processes in production.
  const apiDb = createDatabase(databaseUrl);
  closers.push(() => apiDb.$disconnect());
  const workerDb = createDatabase(databaseUrl);
  closers.push(() => workerDb.$disconnect());
  const simulator = await startSimulatorProcess('simulators/national-records/main.js');
  closers.push(simulator.stop);

  const connection = await Connection.connect({ address: temporal.address });
  closers.push(() => connection.close());
  const client = new Client({ connection, dataConverter: encryptedDataConverter() });
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  closers.push(() => nativeConnection.close());

  const worker = await createWorker({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    db: workerDb,
    nationalRecordsUrl: simulator.url,
    // Transfers run on their own task queue, which no worker serves here: they have their own
    // benchmark (bench:transfers), and this one measures onboardings.
    originAgencyUrl: 'http://127.0.0.1:9',
    esignUrl: 'http://127.0.0.1:9',
    publicApiUrl: 'http://127.0.0.1:9',
    employerName: '压测示例有限公司',
    workflowBundlePath: bundlePath,
    tuning: { maxConcurrentActivityTaskExecutions: 200, maxConcurrentWorkflowTaskExecutions: 100, maxCachedWorkflows: 2000 },
  });
  const workerRun = worker.run();
  closers.push(async () => {
    worker.shutdown();
    await workerRun;
  });
  const workerStopped = workerRun.then(() => {
    throw new Error('the worker stopped before the benchmark finished');
  });

  const hires = prepareHires(WARM_UP + options.count);
  await loadRecords(simulator.url, hires);
  const deps: AppDeps = {
    db: apiDb,
    temporal: client,
    taskQueue: TASK_QUEUE,
    transferTaskQueue: `${TASK_QUEUE}-transfers-not-served`,
    esignWebhookSecret: DEV_ESIGN_WEBHOOK_SECRET,
    employeeKeySecret: EMPLOYEE_KEY_SECRET,
    originRecheckInterval: '1 second',
    today: () => shanghaiDate(new Date()),
    logError: (error) => console.error(error),
    auth: authSettings(),
  };
  const onboarding = onboardingVariant(deps, hires);
  const bare = bareVariant(client);

  const measure = async () => {
    console.log(`warm-up: ${WARM_UP} of each`);
    for (const variant of [onboarding, bare]) {
      const warmUp = await runRound(variant, 0, WARM_UP, options.concurrency);
      if (warmUp.failures.length > 0) throw new AggregateError(warmUp.failures, `${variant.name} warm-up: ${warmUp.failures.length} workflows failed`);
    }

    // Pairs of rounds in A B, B A order: whatever drifts over the run (a growing database, a warmer
    // JIT) or stalls for a moment (the dev server's SQLite) weighs on both variants alike.
    const size = Math.ceil(options.count / PAIRS);
    const results = new Map<Variant, RoundResult[]>([
      [onboarding, []],
      [bare, []],
    ]);
    const pairRatios: number[] = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const from = WARM_UP + pair * size;
      const to = Math.min(from + size, WARM_UP + options.count);
      if (from >= to) break;
      const order = pair % 2 === 0 ? [onboarding, bare] : [bare, onboarding];
      const rates = new Map<Variant, number>();
      for (const variant of order) {
        const result = await runRound(variant, from, to, options.concurrency);
        results.get(variant)!.push(result);
        rates.set(variant, (to - from) / result.wallMs);
        console.log(`pair ${pair + 1}: ${variant.name} ×${to - from} in ${(result.wallMs / 1000).toFixed(1)} s`);
      }
      pairRatios.push(rates.get(onboarding)! / rates.get(bare)!);
    }
    return { onboarding: summarize(results.get(onboarding)!), bare: summarize(results.get(bare)!), pairRatios };
  };

  const summary = await Promise.race([measure(), workerStopped]);
  printReport(options, summary);
}

function printReport(
  options: Options,
  summary: Record<'onboarding' | 'bare', ReturnType<typeof summarize>> & { pairRatios: number[] },
): void {
  const row = (cells: (string | number)[]) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(12) : String(cell).padStart(12))).join('');
  const ratio = summary.onboarding.perSecond / summary.bare.perSecond;
  const lines = [
    '',
    `Onboarding throughput benchmark — ${new Date().toISOString()}`,
    `N=${options.count} per variant, concurrency=${options.concurrency}, warm-up ${WARM_UP} each, ${PAIRS} pairs of rounds (onboarding/bare, then bare/onboarding)`,
    `node ${process.version}, ${cpus().length} CPUs`,
    '',
    row(['variant', 'completed', 'wall s', 'workflows/s', 'p50 ms', 'p95 ms']),
    ...(['onboarding', 'bare'] as const).map((name) => {
      const s = summary[name];
      return row([name, s.completed, s.wallSeconds.toFixed(1), s.perSecond.toFixed(1), s.p50.toFixed(0), s.p95.toFixed(0)]);
    }),
    '',
    `onboarding / bare throughput: ${(ratio * 100).toFixed(1)}% (target ≥ ${TARGET_RATIO * 100}%) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`,
    `per pair of rounds: ${summary.pairRatios.map((r) => `${(r * 100).toFixed(1)}%`).join(', ')} (median ${(median(summary.pairRatios) * 100).toFixed(1)}%)`,
    `worker log: ${workerLogCounts.WARN} warnings, ${workerLogCounts.ERROR} errors`,
  ];
  console.log(lines.join('\n'));

  const failures = [...summary.onboarding.failures, ...summary.bare.failures];
  if (failures.length > 0) {
    console.error(`\n${failures.length} workflows failed to start or complete correctly; the numbers above are not valid. First errors:`);
    for (const failure of failures.slice(0, 5)) console.error(`- ${describe(failure)}`);
    process.exitCode = 1;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : `${error.message}: ${describe(error.cause)}`;
}

async function closeAll(closers: Closer[]): Promise<void> {
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (error) {
      console.error('cleanup step failed:', error);
    }
  }
}

async function main() {
  const options = { count: positiveIntOption('N', 2000), concurrency: positiveIntOption('CONCURRENCY', 200) };
  const closers: Closer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const overtime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`benchmark aborted: still running after ${TIME_LIMIT_MS / 60_000} minutes`)), TIME_LIMIT_MS);
  });
  try {
    await Promise.race([runBenchmark(options, closers), overtime]);
  } finally {
    clearTimeout(timer);
    await closeAll(closers);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
