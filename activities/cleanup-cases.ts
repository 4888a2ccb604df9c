import { randomUUID } from 'node:crypto';
import { activityInfo, heartbeat } from '@temporalio/activity';
import type { Database } from '../prisma/client';
import { toDbDate } from '../prisma/dates';
import type { AgencyCaseStatus, OriginAgencyClient } from './adapters/origin-agency-client';

/** Local statuses a transfer passes while the agency works, in order; the agency's own names beside them. */
const TRACKED: readonly { local: string; agency: AgencyCaseStatus }[] = [
  { local: 'SUBMITTED', agency: 'ACCEPTED' },
  { local: 'CONTACT_LETTER_SENT', agency: 'CONTACT_LETTER_SENT' },
  { local: 'ORIGIN_REVIEWED', agency: 'ORIGIN_REVIEWED' },
  { local: 'FUNDS_TRANSFERRED', agency: 'FUNDS_TRANSFERRED' },
  { local: 'COMPLETED', agency: 'COMPLETED' },
];
const rankOfLocal = (status: string) => TRACKED.findIndex((entry) => entry.local === status);
const rankOfAgency = (status: AgencyCaseStatus) => TRACKED.findIndex((entry) => entry.agency === status);

/** How long a transfer may sit without any change before someone should look at it. */
const STALE_TRANSFER_DAYS = 30;

export interface TransferSync {
  checked: number;
  synced: number;
  resumedFrom: string | null;
}

export function createCaseActivities({ db, agency }: { db: Database; agency: OriginAgencyClient }) {
  return {
    /**
     * Transfers the agency has moved on while our record stayed behind (a workflow that was ended,
     * an update that never arrived): the agency's status and figures are copied over, with a step
     * in the transfer's timeline and a finding. One transfer at a time, cursor heartbeated.
     */
    async syncTransfersWithAgency({ month, batchSize }: { month: string; batchSize: number }): Promise<TransferSync> {
      const resumed = (activityInfo().heartbeatDetails as { cursor: string; checked: number; synced: number } | undefined) ?? null;
      let { cursor, checked, synced } = resumed ?? { cursor: '', checked: 0, synced: 0 };
      for (;;) {
        const transfers = await db.pensionTransfer.findMany({
          where: { id: { gt: cursor }, agencyCaseId: { not: null }, status: { in: TRACKED.slice(0, -1).map((entry) => entry.local) } },
          orderBy: { id: 'asc' },
          take: batchSize,
          select: { id: true, status: true, agencyCaseId: true, employeeId: true, monthsFromOrigin: true, localMonths: true },
        });
        if (transfers.length === 0) break;
        for (const transfer of transfers) {
          const remote = await agency.getCase(transfer.agencyCaseId!);
          checked += 1;
          if (rankOfAgency(remote.status) > rankOfLocal(transfer.status)) {
            const status = TRACKED[rankOfAgency(remote.status)]!.local;
            const completed = status === 'COMPLETED';
            await db.$transaction([
              db.pensionTransfer.updateMany({
                where: { id: transfer.id, status: transfer.status },
                data: {
                  status,
                  ...(remote.monthsTransferred === undefined ? {} : { monthsTransferred: remote.monthsTransferred }),
                  ...(remote.funds ? { individualAccount: remote.funds.individualAccount, pooledFund: remote.funds.pooledFund } : {}),
                  ...(completed ? { completedAt: new Date() } : {}),
                },
              }),
              db.transferStep.upsert({
                where: { transferId_key: { transferId: transfer.id, key: `cleanup-sync-${status}` } },
                create: { id: randomUUID(), transferId: transfer.id, key: `cleanup-sync-${status}`, type: 'SYNCED', message: `月末清理:经办机构已为 ${remote.status},本地状态同步为 ${status}` },
                update: {},
              }),
              db.cleanupFinding.upsert({
                where: { id: `${month}:TRANSFER_SYNCED:${transfer.id}` },
                create: {
                  id: `${month}:TRANSFER_SYNCED:${transfer.id}`,
                  month,
                  kind: 'TRANSFER_SYNCED',
                  employeeIds: [transfer.employeeId],
                  detail: { transferId: transfer.id, from: transfer.status, to: status, agencyStatus: remote.status },
                  status: 'ACTED',
                  action: `已同步为 ${status}`,
                },
                update: {},
              }),
            ]);
            synced += 1;
          }
        }
        cursor = transfers.at(-1)!.id;
        heartbeat({ cursor, checked, synced });
      }
      return { checked, synced, resumedFrom: resumed?.cursor ?? null };
    },

    /** Onboardings open past their enrollment deadline; transfers overdue or untouched for a month. */
    async flagStuckCases({ month, today }: { month: string; today: string }): Promise<{ onboardings: number; transfers: number }> {
      const onboardings = await db.$executeRawUnsafe(
        `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status)
         SELECT $1 || ':STUCK_ONBOARDING:' || c.id, $1, 'STUCK_ONBOARDING', ARRAY[c."employeeId"],
                jsonb_build_object('caseId', c.id, 'status', c.status, 'enrollmentDeadline', c."enrollmentDeadline"::text), 'OPEN'
         FROM "OnboardingCase" c
         WHERE c.status NOT IN ('ENROLLED', 'CANCELLED') AND c."enrollmentDeadline" < $2::date
         ON CONFLICT (id) DO NOTHING`,
        month,
        toDbDate(today),
      );
      const transfers = await db.$executeRawUnsafe(
        `INSERT INTO "CleanupFinding" (id, month, kind, "employeeIds", detail, status)
         SELECT $1 || ':STUCK_TRANSFER:' || t.id, $1, 'STUCK_TRANSFER', ARRAY[t."employeeId"],
                jsonb_build_object('transferId', t.id, 'status', t.status, 'flags', t.flags, 'updatedAt', t."updatedAt"), 'OPEN'
         FROM "PensionTransfer" t
         WHERE t.status NOT IN ('COMPLETED', 'CANCELLED')
           AND ('OVERDUE' = ANY(t.flags) OR t."updatedAt" < $2::date - make_interval(days => $3))
         ON CONFLICT (id) DO NOTHING`,
        month,
        toDbDate(today),
        STALE_TRANSFER_DAYS,
      );
      return { onboardings, transfers };
    },
  };
}
