import type { InsuranceType } from '../domain/contributions/insurance-types';
import type { MonthShare, PolicyVersion, RoundingMode } from '../domain/contributions/policy';
import type { Database } from './client';
import { fromDbDate } from './dates';

type PolicyVersionRow = Awaited<ReturnType<Database['policyVersion']['findFirstOrThrow']>>;

export type StoredPolicyVersion = PolicyVersion & { createdBy: string; createdAt: Date };

export function toPolicyVersion(row: PolicyVersionRow): StoredPolicyVersion {
  return {
    id: row.id,
    cityCode: row.cityCode,
    insuranceType: row.insuranceType as InsuranceType,
    industryClass: row.industryClass,
    effectiveFrom: fromDbDate(row.effectiveFrom),
    effectiveTo: row.effectiveTo ? fromDbDate(row.effectiveTo) : null,
    employerRatePercent: row.employerRatePercent.toString(),
    employeeRatePercent: row.employeeRatePercent.toString(),
    baseFloor: row.baseFloor.toFixed(2),
    baseCap: row.baseCap.toFixed(2),
    roundingScale: row.roundingScale,
    roundingMode: row.roundingMode as RoundingMode,
    hireMonth: { cutoffDay: row.hireCutoffDay, onOrBefore: row.hireOnOrBefore as MonthShare, after: row.hireAfter as MonthShare },
    leaveMonth: { cutoffDay: row.leaveCutoffDay, onOrBefore: row.leaveOnOrBefore as MonthShare, after: row.leaveAfter as MonthShare },
    baseSwitchMonth: row.baseSwitchMonth,
    source: row.source,
    note: row.note,
    illustrative: row.illustrative,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}

export async function loadPolicyVersions(db: Pick<Database, 'policyVersion'>, cityCode?: string): Promise<StoredPolicyVersion[]> {
  const rows = await db.policyVersion.findMany({
    where: { supersededById: null, ...(cityCode === undefined ? {} : { cityCode }) },
    orderBy: [{ insuranceType: 'asc' }, { industryClass: 'asc' }, { effectiveFrom: 'asc' }],
  });
  return rows.map(toPolicyVersion);
}
