import type Decimal from 'decimal.js';
import type { IsoMonth } from '../business-date';
import { firstDayOfMonth } from '../months';
import { chooseBase, referenceYear } from './base';
import { computeContribution } from './contribution';
import { INSURANCE_TYPES, INSURANCE_TYPE_NAMES, type InsuranceType } from './insurance-types';
import { employmentShare, type Employment } from './month-share';
import { selectPolicyVersion, type MonthShare, type PolicyVersion } from './policy';

/** What the employer sets for itself: its work-injury risk class and, optionally, its own hire-month cut-off. */
export interface CompanyTerms {
  industryClass: number;
  hireCutoffDay: number | null;
}

export interface PayrollYear {
  total: string;
  monthCount: number;
  entryIds: string[];
}

export interface EmployeeMonthFacts {
  employeeId: string;
  /** The pooling region whose policies apply. */
  cityCode: string;
  employment: Employment;
  payrollByYear: ReadonlyMap<number, PayrollYear>;
  firstPayroll: { gross: string; entryId: string } | null;
}

export type PoliciesInForce = ReadonlyMap<InsuranceType, PolicyVersion>;

export interface ContributionBaseTrail {
  rawBase: Decimal;
  method: 'PREVIOUS_YEAR_AVERAGE' | 'FIRST_MONTH';
  referenceYear: number;
  payrollTotal: string;
  payrollMonths: number;
  payrollEntryIds: string[];
}

export interface ComputedLine {
  insuranceType: InsuranceType;
  policyVersionId: string;
  base: Decimal;
  employerAmount: Decimal;
  employeeAmount: Decimal;
}

export type EmployeeMonthOutcome =
  | { kind: 'NOT_EMPLOYED' }
  | { kind: 'SKIPPED'; reason: 'NO_POLICY' | 'NO_PAYROLL'; message: string }
  | { kind: 'COMPUTED'; base: ContributionBaseTrail; share: MonthShare; fraction: Decimal; lines: ComputedLine[] };

/** The version of every insurance type in force in `cityCode` on the first day of `month`. */
export function policiesInForce(policies: readonly PolicyVersion[], cityCode: string, month: IsoMonth, company: CompanyTerms): PoliciesInForce {
  const date = firstDayOfMonth(month);
  const inForce = new Map<InsuranceType, PolicyVersion>();
  for (const insuranceType of INSURANCE_TYPES) {
    const industryClass = insuranceType === 'WORK_INJURY' ? company.industryClass : null;
    const version = selectPolicyVersion(policies, { cityCode, insuranceType, industryClass }, date);
    if (version) inForce.set(insuranceType, version);
  }
  return inForce;
}

/** One line per insurance type in force; none for a month share of zero. */
export function contributionLines(rawBase: Decimal.Value, fraction: Decimal, inForce: PoliciesInForce): ComputedLine[] {
  if (fraction.isZero()) return [];
  return [...inForce.values()].map((policy) => ({
    insuranceType: policy.insuranceType,
    policyVersionId: policy.id,
    ...computeContribution(rawBase, policy, fraction),
  }));
}

/**
 * One employee's month: whether they were employed, on which base (with its trail) and what each
 * insurance type costs. Pension's version carries the city's base-year switch and hire/leave rules.
 */
export function computeEmployeeMonth(facts: EmployeeMonthFacts, month: IsoMonth, inForce: PoliciesInForce, company: CompanyTerms): EmployeeMonthOutcome {
  const pension = inForce.get('PENSION');
  if (!pension) {
    return { kind: 'SKIPPED', reason: 'NO_POLICY', message: `参保城市 ${facts.cityCode} 在 ${month} 没有有效的${INSURANCE_TYPE_NAMES.PENSION}政策` };
  }
  const hireRule = company.hireCutoffDay === null ? pension.hireMonth : { ...pension.hireMonth, cutoffDay: company.hireCutoffDay };
  const share = employmentShare(facts.employment, month, hireRule, pension.leaveMonth);
  if (!share) return { kind: 'NOT_EMPLOYED' };

  const year = referenceYear(month, pension.baseSwitchMonth);
  const reference = facts.payrollByYear.get(year);
  const chosen = chooseBase({
    referenceYearGross: reference ? { total: reference.total, monthCount: reference.monthCount } : null,
    firstMonthGross: facts.firstPayroll?.gross ?? null,
  });
  if (!chosen) {
    return { kind: 'SKIPPED', reason: 'NO_PAYROLL', message: `${month} 无法确定缴费基数:没有 ${year} 年工资,也没有首月工资` };
  }
  const fromReference = chosen.method === 'PREVIOUS_YEAR_AVERAGE' && reference !== undefined;
  const base: ContributionBaseTrail = {
    rawBase: chosen.amount,
    method: chosen.method,
    referenceYear: year,
    payrollTotal: fromReference ? reference.total : (facts.firstPayroll?.gross ?? '0'),
    payrollMonths: fromReference ? reference.monthCount : 1,
    payrollEntryIds: fromReference ? reference.entryIds : facts.firstPayroll ? [facts.firstPayroll.entryId] : [],
  };
  return { kind: 'COMPUTED', base, share: share.share, fraction: share.fraction, lines: contributionLines(chosen.amount, share.fraction, inForce) };
}
