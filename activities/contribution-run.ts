import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type Decimal from 'decimal.js';
import type { IsoMonth } from '../domain/business-date';
import { computeEmployeeMonth, policiesInForce, type CompanyTerms, type PoliciesInForce } from '../domain/contributions/employee-month';
import type { Database } from '../prisma/client';
import { loadPolicyVersions } from '../prisma/policy-versions';
import { loadEmployeeMonthFacts } from './contribution-facts';
import { insertBases, insertLines, type BaseRow, type LineRow } from './contribution-rows';
import { contributionRunId } from '../workflows/contributions/ids';

export interface ContributionActivityDeps {
  db: Database;
}

export interface SkippedEmployee {
  employeeId: string;
  reason: string;
  message: string;
}

/** Employees with `afterEmployeeId` < id <= `throughEmployeeId`. */
export interface EmployeeRange {
  afterEmployeeId: string;
  throughEmployeeId: string;
}

export interface BatchOutcome {
  employees: number;
  computed: number;
  notEmployed: number;
  skipped: number;
  lines: number;
}

export interface RunTotals {
  runId: string;
  employeeCount: number;
  lineCount: number;
  skippedCount: number;
  /** The first few, for the API; every one is a SKIPPED base row. */
  skipped: SkippedEmployee[];
  employerTotal: string;
  employeeTotal: string;
}

const money = (value: Decimal) => value.toFixed(2);
const SKIPPED_SHOWN = 50;
const SKIP_MESSAGES: Record<string, string> = {
  NO_POLICY: '参保城市在该月没有有效的养老保险政策',
  NO_PAYROLL: '没有可用于确定缴费基数的工资数据',
};

export function createContributionRunActivities({ db }: ContributionActivityDeps) {
  async function loadRun(runId: string) {
    const run = await db.contributionRun.findUnique({ where: { id: runId }, include: { company: true } });
    if (!run) throw ApplicationFailure.nonRetryable(`contribution run ${runId} not found`, 'ContributionRunNotFound');
    return run;
  }

  return {
    /** Opens (or re-opens) the month as RUNNING and clears a draft's lines; a finalized month is refused. */
    async beginContributionRun(input: { companyId: string; month: IsoMonth; workflowId: string }): Promise<{ runId: string; attempt: number }> {
      const runId = contributionRunId(input.companyId, input.month);
      return db.$transaction(async (tx) => {
        const company = await tx.company.findUnique({ where: { id: input.companyId } });
        if (!company) throw ApplicationFailure.nonRetryable(`company ${input.companyId} not found`, 'CompanyNotFound');
        // Serialises a re-run against a concurrent finalization of the same month.
        const [existing] = await tx.$queryRawUnsafe<{ status: string; attempt: number }[]>(
          `SELECT status, attempt FROM "ContributionRun" WHERE id = $1 FOR UPDATE`,
          runId,
        );
        if (existing?.status === 'FINALIZED') {
          throw ApplicationFailure.nonRetryable(`${input.month} is finalized for ${input.companyId}`, 'ContributionMonthFinalized');
        }
        if (!existing) {
          await tx.contributionRun.create({ data: { id: runId, companyId: input.companyId, month: input.month, status: 'RUNNING', workflowId: input.workflowId } });
          return { runId, attempt: 1 };
        }
        await tx.$executeRawUnsafe(`DELETE FROM "ContributionLine" WHERE "runId" = $1`, runId);
        await tx.$executeRawUnsafe(`DELETE FROM "ContributionBase" WHERE "runId" = $1`, runId);
        const updated = await tx.contributionRun.update({
          where: { id: runId },
          data: { status: 'RUNNING', workflowId: input.workflowId, attempt: { increment: 1 }, employeeCount: 0, lineCount: 0, skipped: { count: 0, first: [] }, computedAt: null },
        });
        return { runId, attempt: updated.attempt };
      }, { timeout: 120_000 });
    },

    /**
     * Cuts the company's employees, as they are now, into ranges of `batchSize` by id. Fixed ranges
     * let batches run side by side; an employee added after this point waits for the next run.
     */
    async planContributionBatches(input: { runId: string; batchSize: number }): Promise<EmployeeRange[]> {
      const run = await loadRun(input.runId);
      const bounds = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS position, count(*) OVER () AS total FROM "Employee" WHERE "companyId" = $1) AS numbered
         WHERE position % $2 = 0 OR position = total ORDER BY id`,
        run.companyId,
        input.batchSize,
      );
      return bounds.map((bound, index) => ({ afterEmployeeId: index === 0 ? '' : bounds[index - 1]!.id, throughEmployeeId: bound.id }));
    },

    /**
     * One range of employees: their bases and lines replace whatever an earlier attempt of the same
     * range wrote, in one transaction, so a retry never doubles a line.
     */
    async computeContributionBatch(input: { runId: string } & EmployeeRange): Promise<BatchOutcome> {
      const run = await loadRun(input.runId);
      if (run.status !== 'RUNNING') throw ApplicationFailure.nonRetryable(`run ${run.id} is ${run.status}`, 'ContributionRunNotRunning');
      const company: CompanyTerms = { industryClass: run.company.industryClass, hireCutoffDay: run.company.hireCutoffDay };
      const [policies, facts] = await Promise.all([
        loadPolicyVersions(db),
        loadEmployeeMonthFacts(db, { companyId: run.companyId, month: run.month, afterEmployeeId: input.afterEmployeeId, throughEmployeeId: input.throughEmployeeId }),
      ]);
      heartbeat();

      const inForceByCity = new Map<string, PoliciesInForce>();
      const bases: BaseRow[] = [];
      const lines: LineRow[] = [];
      let skipped = 0;
      let notEmployed = 0;
      for (const employee of facts) {
        let inForce = inForceByCity.get(employee.cityCode);
        if (!inForce) {
          inForce = policiesInForce(policies, employee.cityCode, run.month, company);
          inForceByCity.set(employee.cityCode, inForce);
        }
        const outcome = computeEmployeeMonth(employee, run.month, inForce, company);
        if (outcome.kind === 'NOT_EMPLOYED') {
          notEmployed += 1;
          continue;
        }
        if (outcome.kind === 'SKIPPED') {
          skipped += 1;
          bases.push({ employeeId: employee.employeeId, cityCode: employee.cityCode, status: 'SKIPPED', reason: outcome.reason, rawBase: null, method: null, referenceYear: null, payrollTotal: '0', payrollMonths: 0, payrollEntryIds: '{}', share: 'NONE', fraction: '0' });
          continue;
        }
        const { base } = outcome;
        bases.push({
          employeeId: employee.employeeId,
          cityCode: employee.cityCode,
          status: 'COMPUTED',
          reason: null,
          rawBase: money(base.rawBase),
          method: base.method,
          referenceYear: base.referenceYear,
          payrollTotal: base.payrollTotal,
          payrollMonths: base.payrollMonths,
          payrollEntryIds: `{${base.payrollEntryIds.join(',')}}`,
          share: outcome.share,
          fraction: outcome.fraction.toString(),
        });
        for (const line of outcome.lines) {
          lines.push({
            employeeId: employee.employeeId,
            insuranceType: line.insuranceType,
            kind: 'REGULAR',
            base: money(line.base),
            employerAmount: money(line.employerAmount),
            employeeAmount: money(line.employeeAmount),
            policyVersionId: line.policyVersionId,
            adjustmentId: null,
          });
        }
      }

      await db.$transaction(async (tx) => {
          const range = [input.runId, input.afterEmployeeId, input.throughEmployeeId] as const;
          await tx.$executeRawUnsafe(`DELETE FROM "ContributionLine" WHERE "runId" = $1 AND "employeeId" > $2 AND "employeeId" <= $3`, ...range);
          await tx.$executeRawUnsafe(`DELETE FROM "ContributionBase" WHERE "runId" = $1 AND "employeeId" > $2 AND "employeeId" <= $3`, ...range);
          await insertBases(tx, input.runId, bases);
          await insertLines(tx, input.runId, run.month, lines);
      }, { timeout: 120_000 });
      return {
        employees: facts.length,
        computed: bases.length - skipped,
        notEmployed,
        skipped,
        lines: lines.length,
      };
    },

    /** The month becomes a DRAFT with its counts; the totals come from the stored lines themselves. */
    async completeContributionRun(input: { runId: string }): Promise<RunTotals> {
      const [totals] = await db.$queryRawUnsafe<{ employees: number; lines: number; employer: string; employee: string }[]>(
        `SELECT count(DISTINCT "employeeId")::int AS employees, count(*)::int AS lines,
                coalesce(sum("employerAmount"), 0)::text AS employer, coalesce(sum("employeeAmount"), 0)::text AS employee
         FROM "ContributionLine" WHERE "runId" = $1`,
        input.runId,
      );
      const skippedRows = await db.contributionBase.findMany({
        where: { runId: input.runId, status: 'SKIPPED' },
        orderBy: { employeeId: 'asc' },
        take: SKIPPED_SHOWN,
        select: { employeeId: true, reason: true },
      });
      const skippedCount = await db.contributionBase.count({ where: { runId: input.runId, status: 'SKIPPED' } });
      const skipped = skippedRows.map((row) => ({ employeeId: row.employeeId, reason: row.reason ?? 'UNKNOWN', message: SKIP_MESSAGES[row.reason ?? ''] ?? '未计算' }));
      const employeeCount = totals?.employees ?? 0;
      const lineCount = totals?.lines ?? 0;
      await db.contributionRun.update({
        where: { id: input.runId },
        data: { status: 'DRAFT', employeeCount, lineCount, skipped: { count: skippedCount, first: skipped } as unknown as object, computedAt: new Date() },
      });
      return {
        runId: input.runId,
        employeeCount,
        lineCount,
        skippedCount,
        skipped,
        employerTotal: totals?.employer ?? '0',
        employeeTotal: totals?.employee ?? '0',
      };
    },
  };
}
