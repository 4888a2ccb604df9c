import { activityInfo, heartbeat } from '@temporalio/activity';
import { selectPolicyVersion } from '../domain/contributions/policy';
import { addMonths, lastDayOfMonth, monthOf } from '../domain/months';
import { poolingRegionOf } from '../domain/regions';
import type { Database } from '../prisma/client';
import { loadPolicyVersions } from '../prisma/policy-versions';

export interface DepartureStops {
  stopped: number;
  resumedFrom: string | null;
}

interface Candidate {
  enrollmentId: string;
  employeeId: string;
  cityCode: string;
  effectiveMonth: string;
  leaveDate: string;
}

type Cursor = { employeeId: string; enrollmentId: string; stopped: number };

export function createDepartureActivities({ db }: { db: Database }) {
  return {
    /**
     * 停保 for employees who left on or before the month's end while their enrollment still runs:
     * from the leave month when the city's rule gives that month no share (left on or before its
     * cut-off day), else from the next one. Batches of enrollments in (employee, enrollment) order,
     * each in one transaction; an enrollment already stopped is never stopped again, and the
     * heartbeated cursor lets a retry skip what an earlier attempt did.
     */
    async stopDepartedEnrollments({ month, batchSize }: { month: string; batchSize: number }): Promise<DepartureStops> {
      const resumed = (activityInfo().heartbeatDetails as Cursor | undefined) ?? null;
      let cursor: Cursor = resumed ?? { employeeId: '', enrollmentId: '', stopped: 0 };
      const monthEnd = lastDayOfMonth(month);
      const policies = await loadPolicyVersions(db);
      for (;;) {
        const candidates = await db.$queryRawUnsafe<Candidate[]>(
          `SELECT en.id AS "enrollmentId", en."employeeId", en."cityCode", en."effectiveMonth", l.date::text AS "leaveDate"
           FROM "Enrollment" en
           JOIN LATERAL (
             SELECT a.date FROM "AttendanceEvent" a
             WHERE a."employeeId" = en."employeeId" AND a.kind IN ('LEAVE', 'TERMINATION') AND a.date <= $1::date
               AND NOT EXISTS (SELECT 1 FROM "AttendanceEvent" h WHERE h."employeeId" = a."employeeId" AND h.kind = 'HIRE' AND h.date > a.date AND h.date <= $1::date)
             ORDER BY a.date DESC LIMIT 1
           ) AS l ON true
           WHERE en."stoppedFromMonth" IS NULL AND (en."employeeId", en.id) > ($2, $3)
           ORDER BY en."employeeId", en.id LIMIT $4`,
          monthEnd,
          cursor.employeeId,
          cursor.enrollmentId,
          batchSize,
        );
        if (candidates.length === 0) break;
        const stops = candidates.map((candidate) => {
          const stopMonth = stopMonthFor(candidate, policies);
          return { ...candidate, stopMonth: stopMonth < candidate.effectiveMonth ? candidate.effectiveMonth : stopMonth };
        });
        const stopped = await db.$transaction(async (tx) => {
          const updated = await tx.$executeRawUnsafe(
            `UPDATE "Enrollment" en SET "stoppedFromMonth" = s.m, "stoppedAt" = now(), "stopReason" = '离职:' || s.d
             FROM unnest($1::text[], $2::text[], $3::text[]) AS s(id, m, d)
             WHERE en.id = s.id AND en."stoppedFromMonth" IS NULL`,
            stops.map((stop) => stop.enrollmentId),
            stops.map((stop) => stop.stopMonth),
            stops.map((stop) => stop.leaveDate),
          );
          await tx.$executeRawUnsafe(
            `UPDATE "Employee" SET status = 'LEFT', "updatedAt" = now() WHERE id = ANY($1::text[]) AND status <> 'LEFT'`,
            [...new Set(stops.map((stop) => stop.employeeId))],
          );
          await tx.$executeRawUnsafe(
            `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status, action)
             SELECT $1 || ':DEPARTED_STILL_ENROLLED:' || s.id, $1, 'DEPARTED_STILL_ENROLLED', ARRAY[s.e],
                    jsonb_build_object('enrollmentId', s.id, 'leaveDate', s.d, 'stoppedFromMonth', s.m), 'ACTED', '已停保,自 ' || s.m || ' 起'
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS s(id, e, d, m)
             ON CONFLICT (id) DO NOTHING`,
            month,
            stops.map((stop) => stop.enrollmentId),
            stops.map((stop) => stop.employeeId),
            stops.map((stop) => stop.leaveDate),
            stops.map((stop) => stop.stopMonth),
          );
          return updated;
        });
        const last = candidates.at(-1)!;
        cursor = { employeeId: last.employeeId, enrollmentId: last.enrollmentId, stopped: cursor.stopped + stopped };
        heartbeat(cursor);
      }
      return { stopped: cursor.stopped, resumedFrom: resumed?.employeeId ?? null };
    },
  };
}

function stopMonthFor(candidate: Candidate, policies: Awaited<ReturnType<typeof loadPolicyVersions>>): string {
  const leaveMonth = monthOf(candidate.leaveDate);
  const pension = selectPolicyVersion(policies, { cityCode: poolingRegionOf(candidate.cityCode), insuranceType: 'PENSION', industryClass: null }, candidate.leaveDate);
  // Without a policy the leave month is paid in full: stopping from the next month never under-pays.
  if (!pension) return addMonths(leaveMonth, 1);
  const day = Number(candidate.leaveDate.slice(8, 10));
  const share = day <= pension.leaveMonth.cutoffDay ? pension.leaveMonth.onOrBefore : pension.leaveMonth.after;
  return share === 'NONE' ? leaveMonth : addMonths(leaveMonth, 1);
}
