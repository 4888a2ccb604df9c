/**
 * Contribution policy: per region, insurance type and effective date, the rates, base limits,
 * rounding and hire/leave-month rules. See domain.md §5.
 */
import Decimal from 'decimal.js';
import { isValidIsoDate, type IsoDate } from '../business-date';
import { isInsuranceType, type InsuranceType } from './insurance-types';

export const ROUNDING_MODES = ['HALF_UP', 'HALF_EVEN', 'UP', 'DOWN'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const MONTH_SHARES = ['FULL', 'HALF', 'NONE'] as const;
export type MonthShare = (typeof MONTH_SHARES)[number];

/** The 15th cut-off is common practice, not statute, so the day and both shares are policy data. */
export interface MonthRule {
  cutoffDay: number;
  onOrBefore: MonthShare;
  after: MonthShare;
}

export interface PolicyKey {
  cityCode: string;
  insuranceType: InsuranceType;
  /** 1..8 only for WORK_INJURY (its rate depends on the industry risk class), null otherwise. */
  industryClass: number | null;
}

export interface PolicyTerms extends PolicyKey {
  effectiveFrom: IsoDate;
  /** Inclusive last day; null = open-ended. */
  effectiveTo: IsoDate | null;
  /** Decimal strings in percent, e.g. "16", "0.5", "0.16". */
  employerRatePercent: string;
  employeeRatePercent: string;
  /** Yuan, decimal strings. */
  baseFloor: string;
  baseCap: string;
  /** Decimal places of the amounts, 0..2. */
  roundingScale: number;
  roundingMode: RoundingMode;
  hireMonth: MonthRule;
  leaveMonth: MonthRule;
  /** 1..12: the month the yearly base adjustment takes effect in this city. */
  baseSwitchMonth: number;
}

export interface PolicyVersion extends PolicyTerms {
  id: string;
  source: string;
  note: string;
  illustrative: boolean;
}

export interface PolicyProblem {
  field: string;
  /** In Chinese: shown to HR staff. */
  message: string;
}

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
const MAX_RATE_DECIMALS = 4;
const MAX_MONEY_DECIMALS = 2;
const MAX_ROUNDING_SCALE = 2;
const MAX_INDUSTRY_CLASS = 8;

function decimalPlaces(s: string): number {
  return s.split('.')[1]?.length ?? 0;
}

function isIntegerInRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function rateProblems(field: string, value: string): PolicyProblem[] {
  if (!DECIMAL_PATTERN.test(value)) return [{ field, message: '费率必须是十进制数字(百分比)' }];
  const problems: PolicyProblem[] = [];
  const rate = new Decimal(value);
  if (rate.isNegative() || rate.greaterThan(100)) problems.push({ field, message: '费率必须在 0 到 100 之间' });
  if (decimalPlaces(value) > MAX_RATE_DECIMALS) problems.push({ field, message: '费率最多保留 4 位小数' });
  return problems;
}

/** The money value when its text is a usable amount, for the cross-field floor/cap check. */
function moneyProblems(field: string, value: string, problems: PolicyProblem[]): Decimal | null {
  if (!DECIMAL_PATTERN.test(value)) {
    problems.push({ field, message: '金额必须是十进制数字(元)' });
    return null;
  }
  const amount = new Decimal(value);
  if (!amount.greaterThan(0)) problems.push({ field, message: '金额必须大于 0' });
  if (decimalPlaces(value) > MAX_MONEY_DECIMALS) problems.push({ field, message: '金额最多保留 2 位小数' });
  return amount;
}

function monthRuleProblems(field: string, rule: MonthRule): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!isIntegerInRange(rule.cutoffDay, 1, 31)) {
    problems.push({ field: `${field}.cutoffDay`, message: '截止日必须是 1 到 31 之间的整数' });
  }
  for (const side of ['onOrBefore', 'after'] as const) {
    if (!(MONTH_SHARES as readonly string[]).includes(rule[side])) {
      problems.push({ field: `${field}.${side}`, message: '当月缴费比例必须是 FULL、HALF 或 NONE' });
    }
  }
  return problems;
}

function keyProblems(key: PolicyKey): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (key.cityCode.trim() === '') problems.push({ field: 'cityCode', message: '城市代码不能为空' });
  if (!isInsuranceType(key.insuranceType)) {
    problems.push({ field: 'insuranceType', message: '险种无效' });
  } else if (key.insuranceType === 'WORK_INJURY') {
    if (key.industryClass === null || !isIntegerInRange(key.industryClass, 1, MAX_INDUSTRY_CLASS)) {
      problems.push({ field: 'industryClass', message: '工伤保险必须指定 1 到 8 之间的行业风险类别' });
    }
  } else if (key.industryClass !== null) {
    problems.push({ field: 'industryClass', message: '只有工伤保险才有行业风险类别' });
  }
  return problems;
}

function dateProblems(terms: PolicyTerms): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const fromValid = isValidIsoDate(terms.effectiveFrom);
  if (!fromValid) problems.push({ field: 'effectiveFrom', message: '生效日期必须是有效的 YYYY-MM-DD 日期' });
  if (terms.effectiveTo !== null) {
    if (!isValidIsoDate(terms.effectiveTo)) {
      problems.push({ field: 'effectiveTo', message: '失效日期必须是有效的 YYYY-MM-DD 日期' });
    } else if (fromValid && terms.effectiveTo < terms.effectiveFrom) {
      problems.push({ field: 'effectiveTo', message: '失效日期不能早于生效日期' });
    }
  }
  return problems;
}

/** Every range and cross-field problem at once, so HR can fix a policy in one pass; [] when valid. */
export function policyProblems(terms: PolicyTerms): PolicyProblem[] {
  const problems: PolicyProblem[] = [...keyProblems(terms), ...dateProblems(terms)];
  problems.push(...rateProblems('employerRatePercent', terms.employerRatePercent));
  problems.push(...rateProblems('employeeRatePercent', terms.employeeRatePercent));
  const floor = moneyProblems('baseFloor', terms.baseFloor, problems);
  const cap = moneyProblems('baseCap', terms.baseCap, problems);
  if (floor !== null && cap !== null && floor.greaterThan(cap)) {
    problems.push({ field: 'baseCap', message: '缴费基数上限不能低于下限' });
  }
  if (!isIntegerInRange(terms.roundingScale, 0, MAX_ROUNDING_SCALE)) {
    problems.push({ field: 'roundingScale', message: '舍入位数必须是 0 到 2 之间的整数' });
  }
  if (!(ROUNDING_MODES as readonly string[]).includes(terms.roundingMode)) {
    problems.push({ field: 'roundingMode', message: '舍入方式必须是 HALF_UP、HALF_EVEN、UP 或 DOWN' });
  }
  problems.push(...monthRuleProblems('hireMonth', terms.hireMonth));
  problems.push(...monthRuleProblems('leaveMonth', terms.leaveMonth));
  if (!isIntegerInRange(terms.baseSwitchMonth, 1, 12)) {
    problems.push({ field: 'baseSwitchMonth', message: '基数调整月份必须是 1 到 12 之间的整数' });
  }
  return problems;
}

export function samePolicyKey(a: PolicyKey, b: PolicyKey): boolean {
  return a.cityCode === b.cityCode && a.insuranceType === b.insuranceType && a.industryClass === b.industryClass;
}

// IsoDate strings compare correctly as plain strings: fixed width, most significant part first.

/** a.from < b.from <= a.to: `a` has an explicit end that reaches into `b`'s start. */
function endsAfterStartOf(a: PolicyTerms, b: PolicyTerms): boolean {
  return a.effectiveTo !== null && a.effectiveFrom < b.effectiveFrom && b.effectiveFrom <= a.effectiveTo;
}

/**
 * Versions of the same key conflict when they start on the same date, or when one has an explicit
 * effectiveTo that reaches the other's start (a.from < b.from <= a.to). An open-ended earlier version
 * is NOT a conflict: a later start supersedes it from that date on (and it applies again after a later
 * version's explicit end — a temporary override).
 */
export function overlappingVersions<T extends PolicyTerms>(existing: readonly T[], candidate: PolicyTerms): T[] {
  return existing.filter(
    (version) =>
      samePolicyKey(version, candidate) &&
      (version.effectiveFrom === candidate.effectiveFrom ||
        endsAfterStartOf(version, candidate) ||
        endsAfterStartOf(candidate, version)),
  );
}

/** The version in force on `date` for `key`: among versions of that key with from <= date and (to null or date <= to), the one with the latest effectiveFrom; undefined if none. */
export function selectPolicyVersion<T extends PolicyTerms>(versions: readonly T[], key: PolicyKey, date: IsoDate): T | undefined {
  let chosen: T | undefined;
  for (const version of versions) {
    const inForce =
      samePolicyKey(version, key) &&
      version.effectiveFrom <= date &&
      (version.effectiveTo === null || date <= version.effectiveTo);
    if (inForce && (chosen === undefined || version.effectiveFrom > chosen.effectiveFrom)) {
      chosen = version;
    }
  }
  return chosen;
}
