import { activityInfo, heartbeat } from '@temporalio/activity';
import { parseIdNumber } from '../domain/id-number';
import type { Database } from '../prisma/client';

/**
 * normalizeIdNumber (domain/id-number.ts) in SQL, so that the grouping runs in the database over
 * the whole table at once: spaces (also U+3000) removed, full-width digits made ASCII, every x
 * upper-case. test/activities/cleanup.test.ts checks that both agree.
 */
export const NORMALIZED_ID_NUMBER_SQL = `translate(regexp_replace(e."idNumber", '[[:space:]\u3000]', '', 'g'), '０１２３４５６７８９xｘＸ', '0123456789XXX')`;

export interface DuplicateCounts {
  sameIdNumber: number;
  samePersonDifferentIdNumber: number;
}

export interface InvalidIdScan {
  scanned: number;
  invalid: number;
  resumedFrom: string | null;
}

/** Findings are keyed by month, kind and a hash of what groups them: a re-run finds, never doubles. */
export function createDuplicateActivities({ db }: { db: Database }) {
  return {
    /** Two set-based statements: the same number typed differently, and one person under two numbers. */
    async findDuplicateEmployees({ month }: { month: string }): Promise<DuplicateCounts> {
      const sameIdNumber = await db.$executeRawUnsafe(
        `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status)
         SELECT $1 || ':DUPLICATE_ID_NUMBER:' || left(encode(sha256(convert_to(normalized, 'UTF8')), 'hex'), 24), $1, 'DUPLICATE_ID_NUMBER',
                array_agg(id ORDER BY "createdAt", id), jsonb_build_object('count', count(*)), 'OPEN'
         FROM (SELECT e.id, e."createdAt", ${NORMALIZED_ID_NUMBER_SQL} AS normalized FROM "Employee" e WHERE e."mergedIntoId" IS NULL) AS employees
         GROUP BY normalized HAVING count(*) > 1
         ON CONFLICT (id) DO NOTHING`,
        month,
      );
      const samePersonDifferentIdNumber = await db.$executeRawUnsafe(
        `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status)
         SELECT $1 || ':SAME_PERSON_DIFFERENT_ID:' || left(encode(sha256(convert_to(name || '|' || "birthDate"::text, 'UTF8')), 'hex'), 24), $1,
                'SAME_PERSON_DIFFERENT_ID', array_agg(id ORDER BY "createdAt", id), jsonb_build_object('count', count(*)), 'OPEN'
         FROM (SELECT e.id, e."createdAt", e.name, e."birthDate", ${NORMALIZED_ID_NUMBER_SQL} AS normalized FROM "Employee" e WHERE e."mergedIntoId" IS NULL) AS employees
         GROUP BY name, "birthDate" HAVING count(DISTINCT normalized) > 1
         ON CONFLICT (id) DO NOTHING`,
        month,
      );
      return { sameIdNumber, samePersonDifferentIdNumber };
    },

    /**
     * Every employee's number through the GB 11643 rules, a batch at a time. The cursor is
     * heartbeated, so a retry after a worker died resumes where the last batch ended.
     */
    async scanInvalidIdNumbers({ month, today, batchSize }: { month: string; today: string; batchSize: number }): Promise<InvalidIdScan> {
      const resumed = (activityInfo().heartbeatDetails as { cursor: string; scanned: number; invalid: number } | undefined) ?? null;
      let cursor = resumed?.cursor ?? '';
      let scanned = resumed?.scanned ?? 0;
      let invalid = resumed?.invalid ?? 0;
      for (;;) {
        const employees = await db.$queryRawUnsafe<{ id: string; idNumber: string }[]>(
          `SELECT id, "idNumber" FROM "Employee" WHERE id > $1 AND "mergedIntoId" IS NULL ORDER BY id LIMIT $2`,
          cursor,
          batchSize,
        );
        if (employees.length === 0) break;
        const findings = employees.flatMap((employee) => {
          const parsed = parseIdNumber(employee.idNumber, today);
          return parsed.ok ? [] : [{ employeeId: employee.id, codes: parsed.errors.map((error) => error.code) }];
        });
        if (findings.length > 0) {
          invalid += await db.$executeRawUnsafe(
            `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status)
             SELECT $1 || ':INVALID_ID_NUMBER:' || e, $1, 'INVALID_ID_NUMBER', ARRAY[e], jsonb_build_object('errors', c::jsonb), 'OPEN'
             FROM unnest($2::text[], $3::text[]) AS f(e, c)
             ON CONFLICT (id) DO NOTHING`,
            month,
            findings.map((finding) => finding.employeeId),
            findings.map((finding) => JSON.stringify(finding.codes)),
          );
        }
        scanned += employees.length;
        cursor = employees.at(-1)!.id;
        heartbeat({ cursor, scanned, invalid });
      }
      return { scanned, invalid, resumedFrom: resumed?.cursor ?? null };
    },
  };
}
