import type { Database } from '../prisma/client';

export interface CleanupCounts {
  duplicateIdNumbers: number;
  samePersonDifferentIdNumbers: number;
  invalidIdNumbers: number;
  employeesScanned: number;
  enrollmentsStopped: number;
  transfersChecked: number;
  transfersSynced: number;
  stuckOnboardings: number;
  stuckTransfers: number;
}

export function createCleanupRunActivities({ db }: { db: Database }) {
  return {
    async beginCleanup({ month, workflowId }: { month: string; workflowId: string }): Promise<void> {
      await db.cleanupRun.upsert({
        where: { month },
        create: { month, workflowId, status: 'RUNNING' },
        update: { workflowId, status: 'RUNNING', completedAt: null },
      });
    },

    /** The report: counts of this run, and every finding of the month by kind (earlier runs included). */
    async completeCleanup({ month, counts }: { month: string; counts: CleanupCounts }): Promise<Record<string, number>> {
      const byKind = await db.cleanupFinding.groupBy({ by: ['kind'], where: { month }, _count: { _all: true } });
      const findings = Object.fromEntries(byKind.map((group) => [group.kind, group._count._all]));
      await db.cleanupRun.update({ where: { month }, data: { status: 'DONE', counts: { ...counts, findings } as object, completedAt: new Date() } });
      return findings;
    },
  };
}
