/** How much of a month is contributed for in the months an employee is hired or leaves. See domain.md §5. */
import Decimal from 'decimal.js';
import { isValidIsoDate, type IsoDate, type IsoMonth } from '../business-date';
import type { MonthRule, MonthShare } from './policy';

export interface Employment {
  hireDate: IsoDate;
  /** Last day of employment; null while employed. */
  leaveDate: IsoDate | null;
}

const ISO_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function shareFraction(share: MonthShare): Decimal {
  switch (share) {
    case 'FULL':
      return new Decimal(1);
    case 'HALF':
      return new Decimal('0.5');
    case 'NONE':
      return new Decimal(0);
  }
}

function assertInputs(employment: Employment, month: IsoMonth): void {
  if (!ISO_MONTH_PATTERN.test(month)) throw new RangeError(`Not a valid YYYY-MM month: ${JSON.stringify(month)}`);
  if (!isValidIsoDate(employment.hireDate)) throw new RangeError(`Invalid hire date: ${JSON.stringify(employment.hireDate)}`);
  if (employment.leaveDate !== null) {
    if (!isValidIsoDate(employment.leaveDate)) throw new RangeError(`Invalid leave date: ${JSON.stringify(employment.leaveDate)}`);
    if (employment.leaveDate < employment.hireDate) throw new RangeError('Leave date is before hire date');
  }
}

function shareOnDay(date: IsoDate, rule: MonthRule): MonthShare {
  return Number(date.slice(8, 10)) <= rule.cutoffDay ? rule.onOrBefore : rule.after;
}

/** The share of `month` that is contributed for: null when not employed at all that month (hired after it ends or left before it starts); otherwise the fraction '1' | '0.5' | '0' and why. In the hire month: day-of-month <= hireMonth.cutoffDay → onOrBefore share, else after share. In the leave month: day <= leaveMonth.cutoffDay → leaveMonth.onOrBefore, else leaveMonth.after. Both in the same month: the smaller fraction. Otherwise FULL. */
export function employmentShare(
  employment: Employment,
  month: IsoMonth,
  hireRule: MonthRule,
  leaveRule: MonthRule,
): { share: MonthShare; fraction: Decimal; reason: 'FULL_MONTH' | 'HIRE_MONTH' | 'LEAVE_MONTH' | 'HIRE_AND_LEAVE_MONTH' } | null {
  assertInputs(employment, month);
  const hireMonth = employment.hireDate.slice(0, 7);
  const leaveMonth = employment.leaveDate?.slice(0, 7) ?? null;
  if (hireMonth > month || (leaveMonth !== null && leaveMonth < month)) return null;

  const hireShare = hireMonth === month ? shareOnDay(employment.hireDate, hireRule) : null;
  const leaveShare = leaveMonth === month && employment.leaveDate !== null ? shareOnDay(employment.leaveDate, leaveRule) : null;

  if (hireShare !== null && leaveShare !== null) {
    const share = shareFraction(leaveShare).lessThan(shareFraction(hireShare)) ? leaveShare : hireShare;
    return { share, fraction: shareFraction(share), reason: 'HIRE_AND_LEAVE_MONTH' };
  }
  if (hireShare !== null) return { share: hireShare, fraction: shareFraction(hireShare), reason: 'HIRE_MONTH' };
  if (leaveShare !== null) return { share: leaveShare, fraction: shareFraction(leaveShare), reason: 'LEAVE_MONTH' };
  return { share: 'FULL', fraction: shareFraction('FULL'), reason: 'FULL_MONTH' };
}
