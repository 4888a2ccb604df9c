import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AppDeps } from '../deps';
import { ATTENDANCE_HEADERS, attendanceRowSchema } from '../schemas/feeds';
import { duplicate, type FeedImportResult } from './import-payroll';
import { readFeed } from './read-feed';
import { resolveEmployees } from './resolve-employees';
import { refuseIfProblems, validateRows } from './validate-rows';

/** Hire, leave and termination dates from attendance; an event already recorded is kept, not doubled. */
export async function importAttendance(deps: AppDeps, req: Request, submittedBy: string): Promise<FeedImportResult> {
  const feed = readFeed(req, ATTENDANCE_HEADERS);
  const { valid, problems } = validateRows(feed.rows, attendanceRowSchema(deps.today()));
  const { employees, problems: employeeProblems } = await resolveEmployees(deps.db, valid);
  problems.push(...employeeProblems);
  const seen = new Map<string, number>();
  for (const row of valid) {
    const employee = employees.get(row);
    if (!employee) continue;
    const key = `${employee.id}|${row.data.kind}|${row.data.date}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) problems.push(duplicate(row.line, earlier));
    else seen.set(key, row.line);
  }
  refuseIfProblems(problems);

  const importId = randomUUID();
  const rows = valid.map((row) => ({ ...row.data, employeeId: employees.get(row)!.id }));
  await deps.db.$transaction(async (tx) => {
    await tx.feedImport.create({ data: { id: importId, kind: 'ATTENDANCE', format: feed.format, fileName: feed.fileName, rowCount: rows.length, submittedBy } });
    await tx.$executeRawUnsafe(
      `INSERT INTO "AttendanceEvent" ("employeeId", kind, date, "importId")
       SELECT e, k, d::date, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS row(e, k, d)
       ON CONFLICT ("employeeId", kind, date) DO NOTHING`,
      rows.map((row) => row.employeeId),
      rows.map((row) => row.kind),
      rows.map((row) => row.date),
      importId,
    );
  });
  return { importId, kind: 'ATTENDANCE', format: feed.format, rows: rows.length };
}
