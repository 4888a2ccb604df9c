import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startBatchBenchStack } from './batch-bench-stack';
import { insertLines, type LineRow } from '../activities/contribution-rows';
import type { Database } from '../prisma/client';
import { contributionRunWorkflow } from '../workflows';
import { contributionRunWorkflowId } from '../workflows/contributions/ids';

// `npm run bench:contributions`: one company with N employees (default 100,000) across the six
// seeded cities and 12 months of payroll; runs one month through the real workflow and compares it
// with a raw bulk insert of the same number of rows into a table of the same shape.
const DATABASE = 'shebao_bench_contributions';
const TASK_QUEUE = 'bench-contributions';
const COMPANY = 'bench';
const RUN_MONTH = '2025-01';
const CITIES = ['430100', '440100', '440300', '420100', '330100', '110000'];
const TARGET_SECONDS = 60;
const TARGET_RATIO = 3;
const RAW_BATCH_ROWS = 25_000;

const count = Number(process.env.N ?? 100_000);

/** Setup, not measured: employees, payroll and attendance written by the database itself. */
async function generateCompany(db: Database, total: number): Promise<void> {
  await db.$executeRawUnsafe(`INSERT INTO "Company" (id, name, "industryClass") VALUES ($1, '压测用人单位', 3)`, COMPANY);
  const cities = `ARRAY[${CITIES.map((city) => `'${city}'`).join(',')}]`;
  // 3 % hired in the run month after the 15th (half month), the rest long employed.
  await db.$executeRawUnsafe(
    `INSERT INTO "Employee" (id, "idNumber", name, gender, "birthDate", "workCityCode", "hireDate", status, "companyId", "updatedAt")
     SELECT 'bench-' || lpad(i::text, 7, '0'), 'BENCH' || lpad(i::text, 13, '0'), '压测员工', 'MALE'::"Gender", DATE '1990-01-01',
            (${cities})[1 + i % ${CITIES.length}], CASE WHEN i % 100 < 3 THEN DATE '${RUN_MONTH}-20' ELSE DATE '2020-03-01' END,
            'ACTIVE'::"EmployeeStatus", $1, now()
     FROM generate_series(1, $2) AS i`,
    COMPANY,
    total,
  );
  // Twelve months of the previous year for everyone but the new hires, whose first month is the run month.
  await db.$executeRawUnsafe(
    `INSERT INTO "PayrollEntry" ("employeeId", month, "grossPay", "netPay", "importId")
     SELECT 'bench-' || lpad(i::text, 7, '0'), '2024-' || lpad(m::text, 2, '0'), g, round(g * 0.8, 2), 'bench'
     FROM generate_series(1, $1) AS i, generate_series(1, 12) AS m, LATERAL (SELECT (2500 + (i * 37 % 40000) + m * 13.57)::numeric(12, 2) AS g) AS pay
     WHERE i % 100 >= 3`,
    total,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "PayrollEntry" ("employeeId", month, "grossPay", "netPay", "importId")
     SELECT 'bench-' || lpad(i::text, 7, '0'), $2, 8000.50, 6400, 'bench' FROM generate_series(1, $1) AS i WHERE i % 100 < 3`,
    total,
    RUN_MONTH,
  );
  // 1 % leave late in the month (still a full month); another 1 % on top of N left before it and get no lines.
  await db.$executeRawUnsafe(
    `INSERT INTO "AttendanceEvent" ("employeeId", kind, date, "importId")
     SELECT 'bench-' || lpad(i::text, 7, '0'), 'LEAVE', DATE '${RUN_MONTH}-25', 'bench' FROM generate_series(1, $1) AS i WHERE i % 100 = 3`,
    total,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Employee" (id, "idNumber", name, gender, "birthDate", "workCityCode", "hireDate", status, "companyId", "updatedAt")
     SELECT 'bench-' || lpad(i::text, 7, '0'), 'BENCH' || lpad(i::text, 13, '0'), '压测员工', 'MALE'::"Gender", DATE '1990-01-01',
            '430100', DATE '2020-03-01', 'LEFT'::"EmployeeStatus", $1, now()
     FROM generate_series($2 + 1, $2 + $2 / 100) AS i`,
    COMPANY,
    total,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "AttendanceEvent" ("employeeId", kind, date, "importId")
     SELECT 'bench-' || lpad(i::text, 7, '0'), 'LEAVE', DATE '2024-12-10', 'bench' FROM generate_series($1 + 1, $1 + $1 / 100) AS i`,
    total,
  );
  await db.$executeRawUnsafe('ANALYZE');
}

function sampleMemory(): { stop(): { rssMb: number; heapMb: number } } {
  let rss = 0;
  let heap = 0;
  const take = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  take();
  const timer = setInterval(take, 50);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
    },
  };
}

/** What stays reachable once garbage is collected: flat across N when batching bounds memory. */
function liveHeapAfterGc(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The same rows, already computed, written the fastest way this code knows: what the run is compared with. */
async function rawBulkInsert(db: Database, rows: number): Promise<number> {
  await db.$executeRawUnsafe(`CREATE TABLE "ContributionLineRaw" (LIKE "ContributionLine" INCLUDING ALL)`);
  const types = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'HOUSING_FUND'];
  const started = performance.now();
  for (let from = 0; from < rows; from += RAW_BATCH_ROWS) {
    const batch: LineRow[] = [];
    for (let i = from; i < Math.min(from + RAW_BATCH_ROWS, rows); i += 1) {
      batch.push({
        employeeId: `bench-${String(Math.floor(i / types.length)).padStart(7, '0')}`,
        insuranceType: types[i % types.length]!,
        kind: 'REGULAR',
        base: '10000.00',
        employerAmount: '1600.00',
        employeeAmount: '800.00',
        policyVersionId: 'seed-430100-PENSION-2024-01-01',
        adjustmentId: null,
      });
    }
    await db.$transaction((tx) => insertLines(tx, 'raw', RUN_MONTH, batch, '"ContributionLineRaw"'), { timeout: 120_000 });
  }
  return performance.now() - started;
}

async function main() {
  console.log(`generating ${count} employees with 12 months of payroll…`);
  const stack = await startBatchBenchStack({ database: DATABASE, taskQueue: TASK_QUEUE, maxConnections: 4 });
  try {
    const { db, client } = stack;
    const setupStarted = performance.now();
    await generateCompany(db, count);
    const payrollRows = await db.payrollEntry.count();
    console.log(`setup: ${count} employees (and ${count / 100} who left before the month), ${payrollRows} payroll rows in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const memory = sampleMemory();
    const runStarted = performance.now();
    const totals = await client.workflow.execute(contributionRunWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: contributionRunWorkflowId(COMPANY, RUN_MONTH),
      args: [{ companyId: COMPANY, month: RUN_MONTH }],
    });
    const runMs = performance.now() - runStarted;
    const peak = memory.stop();
    const liveHeapMb = liveHeapAfterGc();
    const rawMs = await rawBulkInsert(db, totals.lineCount);
    const ratio = runMs / rawMs;

    const lines = [
      '',
      `Contribution run benchmark — ${new Date().toISOString()}`,
      `node ${process.version}, ${cpus().length} CPUs; ${count} employees, ${payrollRows} payroll rows, month ${RUN_MONTH}`,
      '',
      `run:        ${totals.lineCount} lines for ${totals.employeeCount} employees (${totals.skippedCount} skipped) in ${(runMs / 1000).toFixed(1)} s — ${Math.round(totals.lineCount / (runMs / 1000))} lines/s`,
      `raw insert: ${totals.lineCount} rows in ${(rawMs / 1000).toFixed(1)} s`,
      `ratio run / raw insert: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}`,
      `time: ${(runMs / 1000).toFixed(1)} s (target < ${TARGET_SECONDS} s) ${runMs / 1000 < TARGET_SECONDS ? 'PASS' : 'FAIL'}`,
      `peak memory of the worker process: ${peak.rssMb.toFixed(0)} MB RSS, ${peak.heapMb.toFixed(0)} MB heap (garbage included); live heap after the run ${liveHeapMb === null ? 'n/a (run node with --expose-gc)' : `${liveHeapMb.toFixed(0)} MB`}`,
      `totals: employer ${totals.employerTotal}, employee ${totals.employeeTotal}`,
    ];
    console.log(lines.join('\n'));
    if (totals.lineCount < 500_000 && count >= 100_000) {
      console.error('fewer than 500,000 lines: the generated company is not what the benchmark claims');
      process.exitCode = 1;
    }
  } finally {
    await stack.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
