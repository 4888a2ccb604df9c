import { Router } from 'express';
import { ADJUSTMENT_KIND_NAMES } from '../../domain/contributions/adjustment';
import { INSURANCE_TYPE_NAMES, type InsuranceType } from '../../domain/contributions/insurance-types';
import { summarizeLines } from '../../domain/contributions/summary';
import { contributionRunId } from '../../workflows/contributions/ids';
import type { AppDeps } from '../deps';
import { contributionsQuerySchema, summaryQuerySchema } from '../schemas/contributions';
import { parseOrThrow } from '../validation';

const KIND_NAMES: Record<string, string> = { REGULAR: '正常缴费', ...ADJUSTMENT_KIND_NAMES };

export function contributionsRouter(deps: AppDeps): Router {
  const router = Router();

  /** Totals by insurance type, summed by the database over every line of the month (refunds subtract). */
  router.get('/summary', async (req, res) => {
    const { month, companyId } = parseOrThrow(summaryQuerySchema, req.query);
    const runId = contributionRunId(companyId, month);
    const run = await deps.db.contributionRun.findUnique({ where: { id: runId } });
    const groups = await deps.db.$queryRawUnsafe<{ insuranceType: InsuranceType; kind: string; lines: number; employer: string; employee: string }[]>(
      `SELECT "insuranceType", kind, count(*)::int AS lines, sum("employerAmount")::text AS employer, sum("employeeAmount")::text AS employee
       FROM "ContributionLine" WHERE "runId" = $1 GROUP BY "insuranceType", kind ORDER BY "insuranceType", kind`,
      runId,
    );
    const signed = (kind: string, amount: string) => (kind === 'REFUND' ? `-${amount}` : amount);
    const byType: Record<string, { name: string; employer: string; employee: string; lines: number }> = {};
    const totals = summarizeLines(groups.map((group) => ({ insuranceType: group.insuranceType, employerAmount: signed(group.kind, group.employer), employeeAmount: signed(group.kind, group.employee) })));
    for (const [type, typeTotals] of Object.entries(totals.byType)) {
      byType[type] = { name: INSURANCE_TYPE_NAMES[type as InsuranceType], employer: typeTotals.employer, employee: typeTotals.employee, lines: 0 };
    }
    for (const group of groups) byType[group.insuranceType]!.lines += group.lines;
    res.json({
      month,
      companyId,
      run: run ? { id: run.id, status: run.status, employeeCount: run.employeeCount, computedAt: run.computedAt, finalizedAt: run.finalizedAt } : null,
      byType,
      employer: totals.employer,
      employee: totals.employee,
      total: totals.total,
      lines: groups.reduce((sum, group) => sum + group.lines, 0),
      adjustments: groups.filter((group) => group.kind !== 'REGULAR').map((group) => ({ ...group, name: KIND_NAMES[group.kind] })),
    });
  });

  /** The lines of a month, one employee's or everyone's, a page at a time (by line id). */
  router.get('/', async (req, res) => {
    const query = parseOrThrow(contributionsQuerySchema, req.query);
    const lines = await deps.db.contributionLine.findMany({
      where: { runId: contributionRunId(query.companyId, query.month), ...(query.employeeId ? { employeeId: query.employeeId } : {}), id: { gt: BigInt(query.after) } },
      orderBy: { id: 'asc' },
      take: query.limit,
    });
    const view = lines.map((line) => ({
      id: line.id.toString(),
      month: line.month,
      employeeId: line.employeeId,
      insuranceType: line.insuranceType,
      insuranceName: INSURANCE_TYPE_NAMES[line.insuranceType as InsuranceType],
      kind: line.kind,
      kindName: KIND_NAMES[line.kind],
      base: line.base.toFixed(2),
      employerAmount: line.employerAmount.toFixed(2),
      employeeAmount: line.employeeAmount.toFixed(2),
      policyVersionId: line.policyVersionId,
      adjustmentId: line.adjustmentId,
    }));
    const base = query.employeeId
      ? await deps.db.contributionBase.findUnique({ where: { runId_employeeId: { runId: contributionRunId(query.companyId, query.month), employeeId: query.employeeId } } })
      : null;
    res.json({
      lines: view,
      next: lines.length === query.limit ? view.at(-1)!.id : null,
      ...(base
        ? {
            base: {
              status: base.status,
              reason: base.reason,
              rawBase: base.rawBase?.toFixed(2) ?? null,
              method: base.method,
              referenceYear: base.referenceYear,
              payrollTotal: base.payrollTotal.toFixed(2),
              payrollMonths: base.payrollMonths,
              payrollEntryIds: base.payrollEntryIds.map(String),
              share: base.share,
              fraction: base.fraction.toString(),
            },
            totals: summarizeLines(view.map((line) => ({ insuranceType: line.insuranceType as InsuranceType, employerAmount: line.employerAmount, employeeAmount: line.employeeAmount, direction: line.kind === 'REFUND' ? -1 : 1 }))),
          }
        : {}),
    });
  });

  return router;
}
