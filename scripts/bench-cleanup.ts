import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startBatchBenchStack } from './batch-bench-stack';
import { addDays } from '../domain/business-date';
import { computeCheckChar } from '../domain/id-number';
import type { Database } from '../prisma/client';
import { monthEndCleanupWorkflow } from '../workflows';

// `npm run bench:cleanup`: N employees (default 100,000) with 1 % duplicate records (the same number
// typed differently) and 3 % departed while still enrolled; one month-end cleanup through the real
// workflow, compared with a single SQL scan of the employee table read into this process.
const DATABASE = 'shebao_bench_cleanup';
const TASK_QUEUE = 'bench-cleanup';
const MONTH = '2026-10';
const TARGET_SECONDS = 20;
const count = Number(process.env.N ?? 100_000);

function idNumberFor(index: number): string {
  const region = ['430102', '440106', '420102', '330106', '110105'][index % 5]!;
  const k = Math.floor(index / 5);
  const first17 = `${region}${addDays('1960-01-01', k % 14_000).replaceAll('-', '')}${String(Math.floor(k / 14_000) % 1000).padStart(3, '0')}`;
  return first17 + computeCheckChar(first17);
}

/** Setup, not measured. */
async function generate(db: Database, total: number): Promise<{ duplicates: number; departed: number }> {
  const ids = Array.from({ length: total }, (_, i) => `bench-${String(i).padStart(7, '0')}`);
  const numbers = ids.map((_, i) => idNumberFor(i));
  for (let from = 0; from < total; from += 20_000) {
    await db.$executeRawUnsafe(
      `INSERT INTO "Employee" (id, "idNumber", name, gender, "birthDate", "workCityCode", "hireDate", status, "updatedAt")
       SELECT e, n, '压测员工' || e, 'MALE'::"Gender", DATE '1990-01-01', '430100', DATE '2024-01-01', 'ACTIVE'::"EmployeeStatus", now()
       FROM unnest($1::text[], $2::text[]) AS row(e, n)`,
      ids.slice(from, from + 20_000),
      numbers.slice(from, from + 20_000),
    );
  }
  // 1 %: a second record of the same person, its number typed with a space and a lower-case x.
  const duplicates = Math.floor(total / 100);
  await db.$executeRawUnsafe(
    `INSERT INTO "Employee" (id, "idNumber", name, gender, "birthDate", "workCityCode", "hireDate", status, "updatedAt")
     SELECT id || '-dup', substr("idNumber", 1, 6) || ' ' || lower(substr("idNumber", 7)), name, gender, "birthDate", "workCityCode", "hireDate", status, now()
     FROM "Employee" WHERE id LIKE 'bench-%' ORDER BY id LIMIT $1`,
    duplicates,
  );
  // 3 %: enrolled, then left in the month.
  const departed = Math.floor((total * 3) / 100);
  await db.$executeRawUnsafe(
    `WITH chosen AS (SELECT id, "idNumber" FROM "Employee" WHERE id LIKE 'bench-%' AND id NOT LIKE '%-dup' ORDER BY id DESC LIMIT $1),
     cases AS (
       INSERT INTO "OnboardingCase" (id, "workflowId", "employeeId", "submittedName", "submittedIdNumber", "hireDate", "workCityCode", "monthlyGrossWage", status, "enrollmentDeadline", "updatedAt")
       SELECT 'case-' || id, 'onboarding-' || id, id, '压测员工', "idNumber", DATE '2024-01-01', '430100', 10000, 'ENROLLED', DATE '2024-01-31', now() FROM chosen
       RETURNING id, "employeeId")
     INSERT INTO "Enrollment" (id, "employeeId", "caseId", "cityCode", kind, "insuranceTypes", "effectiveMonth")
     SELECT 'enr-' || "employeeId", "employeeId", id, '430100', 'CONTINUING', ARRAY['PENSION'], '2024-01' FROM cases`,
    departed,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "AttendanceEvent" ("employeeId", kind, date, "importId")
     SELECT "employeeId", 'LEAVE', DATE '${MONTH}-20', 'bench' FROM "Enrollment"`,
  );
  await db.$executeRawUnsafe('ANALYZE');
  return { duplicates, departed };
}

async function main() {
  const stack = await startBatchBenchStack({ database: DATABASE, taskQueue: TASK_QUEUE, maxConnections: 6 });
  try {
    const { db, client } = stack;
    const setupStarted = performance.now();
    const seeded = await generate(db, count);
    const employees = await db.employee.count();
    console.log(`setup: ${employees} employee records (${seeded.duplicates} duplicates, ${seeded.departed} departed) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const result = await client.workflow.execute(monthEndCleanupWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bench-cleanup-${MONTH}`, args: [{ month: MONTH }] });
    const runMs = performance.now() - started;
    clearInterval(sampler);

    const scanStarted = performance.now();
    const scanned = await db.$queryRawUnsafe<unknown[]>(`SELECT id, "idNumber", name, "birthDate" FROM "Employee"`);
    const scanMs = performance.now() - scanStarted;

    const ok = result.findings.DUPLICATE_ID_NUMBER === seeded.duplicates && result.counts.enrollmentsStopped === seeded.departed;
    console.log(
      [
        '',
        `Month-end cleanup benchmark — ${new Date().toISOString()}`,
        `node ${process.version}, ${cpus().length} CPUs; ${employees} employee records, ${seeded.duplicates} duplicates, ${seeded.departed} departed while enrolled`,
        '',
        `cleanup:   ${(runMs / 1000).toFixed(1)} s (target < ${TARGET_SECONDS} s) ${runMs / 1000 < TARGET_SECONDS ? 'PASS' : 'FAIL'}`,
        `one scan:  ${scanned.length} rows in ${(scanMs / 1000).toFixed(2)} s; cleanup / scan ${(runMs / scanMs).toFixed(1)}×`,
        `found:     ${JSON.stringify(result.findings)}; stopped ${result.counts.enrollmentsStopped}`,
        `peak RSS of the worker process: ${(peakRss / 2 ** 20).toFixed(0)} MB`,
      ].join('\n'),
    );
    if (!ok) {
      console.error('the cleanup did not find what was seeded: the figures above are not valid');
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
