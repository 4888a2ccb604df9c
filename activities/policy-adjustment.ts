import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import Decimal from 'decimal.js';
import { adjustmentLines } from '../domain/contributions/adjustment';
import { contributionLines, policiesInForce } from '../domain/contributions/employee-month';
import type { InsuranceType } from '../domain/contributions/insurance-types';
import { monthOf } from '../domain/months';
import type { Database } from '../prisma/client';
import { fromDbDate } from '../prisma/dates';
import { loadPolicyVersions } from '../prisma/policy-versions';
import { insertLines, type LineRow } from './contribution-rows';

export interface AdjustmentPlan {
  adjustmentId: string;
  cityCode: string;
  finalized: { runId: string; month: string }[];
  drafts: { companyId: string; month: string }[];
}

interface ChargedRow {
  employeeId: string;
  insuranceType: InsuranceType;
  employer: string;
  employee: string;
  base: string;
}

const money = (value: Decimal) => value.toFixed(2);

/**
 * A policy version whose effective date lies in the past changes months already run. Finalized
 * months keep their lines; what they should have been is recomputed from each employee's stored base
 * and share under today's versions, and the difference becomes 补缴 / 退费 lines.
 */
export function createPolicyAdjustmentActivities({ db }: { db: Database }) {
  return {
    async planPolicyAdjustment({ policyVersionId }: { policyVersionId: string }): Promise<AdjustmentPlan> {
      const version = await db.policyVersion.findUnique({ where: { id: policyVersionId } });
      if (!version) throw ApplicationFailure.nonRetryable(`policy version ${policyVersionId} not found`, 'PolicyVersionNotFound');
      const fromMonth = monthOf(fromDbDate(version.effectiveFrom));
      const toMonth = version.effectiveTo ? monthOf(fromDbDate(version.effectiveTo)) : null;
      const runs = await db.$queryRawUnsafe<{ id: string; companyId: string; month: string; status: string }[]>(
        `SELECT r.id, r."companyId", r.month, r.status FROM "ContributionRun" r
         WHERE r.month >= $1 AND ($2::text IS NULL OR r.month <= $2) AND r.status IN ('DRAFT', 'FINALIZED')
           AND EXISTS (SELECT 1 FROM "ContributionBase" b WHERE b."runId" = r.id AND b."cityCode" = $3)
         ORDER BY r.month, r."companyId"`,
        fromMonth,
        toMonth,
        version.cityCode,
      );
      const finalized = runs.filter((run) => run.status === 'FINALIZED').map((run) => ({ runId: run.id, month: run.month }));
      const drafts = runs.filter((run) => run.status === 'DRAFT').map((run) => ({ companyId: run.companyId, month: run.month }));
      const adjustmentId = `adjustment-${policyVersionId}`;
      await db.contributionAdjustment.upsert({
        where: { id: adjustmentId },
        create: { id: adjustmentId, policyVersionId, status: 'RUNNING', months: finalized.map((run) => run.month) },
        update: { status: 'RUNNING', months: finalized.map((run) => run.month) },
      });
      return { adjustmentId, cityCode: version.cityCode, finalized, drafts };
    },

    async adjustFinalizedRunBatch(input: { adjustmentId: string; policyVersionId: string; runId: string; cityCode: string; afterEmployeeId: string; limit: number }): Promise<{ lastEmployeeId: string | null; lines: number }> {
      const run = await db.contributionRun.findUnique({ where: { id: input.runId }, include: { company: true } });
      if (!run) throw ApplicationFailure.nonRetryable(`contribution run ${input.runId} not found`, 'ContributionRunNotFound');
      const company = { industryClass: run.company.industryClass, hireCutoffDay: run.company.hireCutoffDay };
      const inForce = policiesInForce(await loadPolicyVersions(db, input.cityCode), input.cityCode, run.month, company);
      const bases = await db.$queryRawUnsafe<{ employeeId: string; rawBase: string; fraction: string }[]>(
        `SELECT "employeeId", "rawBase"::text AS "rawBase", fraction::text AS fraction FROM "ContributionBase"
         WHERE "runId" = $1 AND "cityCode" = $2 AND status = 'COMPUTED' AND "employeeId" > $3
         ORDER BY "employeeId" LIMIT $4`,
        input.runId,
        input.cityCode,
        input.afterEmployeeId,
        input.limit,
      );
      const lastEmployeeId = bases.at(-1)?.employeeId;
      if (lastEmployeeId === undefined) return { lastEmployeeId: null, lines: 0 };
      // What was charged so far: regular lines and every other adjustment, refunds counted negative.
      const charged = await db.$queryRawUnsafe<ChargedRow[]>(
        `SELECT "employeeId", "insuranceType",
                sum(CASE WHEN kind = 'REFUND' THEN -"employerAmount" ELSE "employerAmount" END)::text AS employer,
                sum(CASE WHEN kind = 'REFUND' THEN -"employeeAmount" ELSE "employeeAmount" END)::text AS employee,
                max(base)::text AS base
         FROM "ContributionLine"
         WHERE "runId" = $1 AND "employeeId" > $2 AND "employeeId" <= $3 AND ("adjustmentId" IS NULL OR "adjustmentId" <> $4)
         GROUP BY "employeeId", "insuranceType"`,
        input.runId,
        input.afterEmployeeId,
        lastEmployeeId,
        input.adjustmentId,
      );
      heartbeat();
      const chargedByEmployee = new Map<string, Map<InsuranceType, ChargedRow>>();
      for (const row of charged) {
        const byType = chargedByEmployee.get(row.employeeId) ?? new Map<InsuranceType, ChargedRow>();
        byType.set(row.insuranceType, row);
        chargedByEmployee.set(row.employeeId, byType);
      }

      const lines: LineRow[] = [];
      for (const base of bases) {
        const due = new Map(contributionLines(base.rawBase, new Decimal(base.fraction), inForce).map((line) => [line.insuranceType, line]));
        const before = chargedByEmployee.get(base.employeeId) ?? new Map<InsuranceType, ChargedRow>();
        for (const insuranceType of new Set([...due.keys(), ...before.keys()])) {
          const owed = due.get(insuranceType);
          const paid = before.get(insuranceType);
          const corrections = adjustmentLines(
            { employer: paid?.employer ?? 0, employee: paid?.employee ?? 0 },
            { employer: owed?.employerAmount ?? 0, employee: owed?.employeeAmount ?? 0 },
          );
          for (const correction of corrections) {
            lines.push({
              employeeId: base.employeeId,
              insuranceType,
              kind: correction.kind,
              base: owed ? money(owed.base) : (paid?.base ?? '0'),
              employerAmount: money(correction.employerAmount),
              employeeAmount: money(correction.employeeAmount),
              policyVersionId: owed?.policyVersionId ?? input.policyVersionId,
              adjustmentId: input.adjustmentId,
            });
          }
        }
      }
      await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `DELETE FROM "ContributionLine" WHERE "runId" = $1 AND "adjustmentId" = $2 AND "employeeId" > $3 AND "employeeId" <= $4`,
          input.runId,
          input.adjustmentId,
          input.afterEmployeeId,
          lastEmployeeId,
        );
        await insertLines(tx, input.runId, run.month, lines);
      }, { timeout: 120_000 });
      return { lastEmployeeId: bases.length < input.limit ? null : lastEmployeeId, lines: lines.length };
    },

    async completePolicyAdjustment({ adjustmentId }: { adjustmentId: string }): Promise<{ lineCount: number }> {
      const lineCount = await db.contributionLine.count({ where: { adjustmentId } });
      await db.contributionAdjustment.update({ where: { id: adjustmentId }, data: { status: 'DONE', lineCount, completedAt: new Date() } });
      return { lineCount };
    },
  };
}
