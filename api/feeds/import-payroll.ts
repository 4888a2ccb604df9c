import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import type { ErrorDetail } from '../errors';
import { PAYROLL_HEADERS, payrollRowSchema } from '../schemas/feeds';
import { readFeed } from './read-feed';
import { resolveEmployees } from './resolve-employees';
import { refuseIfProblems, validateRows } from './validate-rows';

export interface FeedImportResult {
  importId: string;
  kind: 'PAYROLL' | 'ATTENDANCE';
  format: 'CSV' | 'JSON';
  rows: number;
}

/**
 * Payroll is entered once and every module reads it. A file is taken whole or not at all; a month
 * already finalized for the employee's company cannot be changed by a late file.
 */
export async function importPayroll(deps: AppDeps, req: Request, submittedBy: string): Promise<FeedImportResult> {
  const feed = readFeed(req, PAYROLL_HEADERS);
  const currentMonth = deps.today().slice(0, 7);
  const { valid, problems } = validateRows(feed.rows, payrollRowSchema(currentMonth));
  const { employees, problems: employeeProblems } = await resolveEmployees(deps.db, valid);
  problems.push(...employeeProblems);

  const seen = new Map<string, number>();
  const finalized = new Set(
    (await deps.db.contributionRun.findMany({ where: { status: 'FINALIZED', month: { in: [...new Set(valid.map((row) => row.data.month))] } }, select: { companyId: true, month: true } })).map(
      (run) => `${run.companyId}|${run.month}`,
    ),
  );
  for (const row of valid) {
    const employee = employees.get(row);
    if (!employee) continue;
    const key = `${employee.id}|${row.data.month}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(duplicate(row.line, earlier));
    else seen.set(key, row.line);
    if (finalized.has(`${employee.companyId}|${row.data.month}`)) {
      problems.push({ line: row.line, field: 'month', code: 'MONTH_FINALIZED', message: `${row.data.month} 的社保缴费已结算锁定,不能再修改工资` });
    }
  }
  refuseIfProblems(problems);

  const importId = randomUUID();
  const rows = valid.map((row) => ({ ...row.data, employeeId: employees.get(row)!.id }));
  await deps.db.$transaction(async (tx) => {
    await tx.feedImport.create({ data: { id: importId, kind: 'PAYROLL', format: feed.format, fileName: feed.fileName, rowCount: rows.length, submittedBy } });
    await tx.$executeRawUnsafe(
      `INSERT INTO "PayrollEntry" ("employeeId", month, "grossPay", "netPay", "importId")
       SELECT e, m, g::numeric, n::numeric, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS row(e, m, g, n)
       ON CONFLICT ("employeeId", month) DO UPDATE
         SET "grossPay" = excluded."grossPay", "netPay" = excluded."netPay", "importId" = excluded."importId", "updatedAt" = now()`,
      rows.map((row) => row.employeeId),
      rows.map((row) => row.month),
      rows.map((row) => row.grossPay),
      rows.map((row) => row.netPay),
      importId,
    );
  }, { timeout: 120_000 });
  return { importId, kind: 'PAYROLL', format: feed.format, rows: rows.length };
}

export function duplicate(line: number, earlierLine: number): ErrorDetail {
  return { line, code: 'DUPLICATE_ROW', message: `与第 ${earlierLine} 行重复` };
}
