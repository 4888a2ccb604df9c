/** The contribution base: previous year's average gross wage (应发, never net 实发). See domain.md §5. */
import Decimal from 'decimal.js';
import type { IsoMonth } from '../business-date';

const ISO_MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The calendar year whose wages set the base for `month`: the base year starts in the latest baseSwitchMonth on or before `month`; the reference year is the calendar year before that start. E.g. switch 7: 2024-07..2025-06 → 2023; 2024-05 → 2022. Switch 1: 2024-05 → 2023. */
export function referenceYear(month: IsoMonth, baseSwitchMonth: number): number {
  const match = ISO_MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`Not a valid YYYY-MM month: ${JSON.stringify(month)}`);
  if (!Number.isInteger(baseSwitchMonth) || baseSwitchMonth < 1 || baseSwitchMonth > 12) {
    throw new RangeError(`Base switch month must be an integer 1..12: ${baseSwitchMonth}`);
  }
  const year = Number(match[1]);
  const monthOfYear = Number(match[2]);
  const baseYearStart = monthOfYear >= baseSwitchMonth ? year : year - 1;
  return baseYearStart - 1;
}

export interface BaseInputs {
  referenceYearGross: { total: Decimal.Value; monthCount: number } | null;
  firstMonthGross: Decimal.Value | null;
}

/** Employees with payroll in the reference year: its monthly average gross (total / monthCount) rounded to 2 decimals HALF_UP; otherwise (new hires) the first month's gross; null when neither exists. */
export function chooseBase(inputs: BaseInputs): { amount: Decimal; method: 'PREVIOUS_YEAR_AVERAGE' | 'FIRST_MONTH' } | null {
  const reference = inputs.referenceYearGross;
  if (reference !== null) {
    if (!Number.isInteger(reference.monthCount) || reference.monthCount < 0) {
      throw new RangeError(`Month count must be a non-negative integer: ${reference.monthCount}`);
    }
    if (reference.monthCount > 0) {
      const average = new Decimal(reference.total).dividedBy(reference.monthCount);
      return { amount: average.toDecimalPlaces(2, Decimal.ROUND_HALF_UP), method: 'PREVIOUS_YEAR_AVERAGE' };
    }
  }
  if (inputs.firstMonthGross !== null) {
    return { amount: new Decimal(inputs.firstMonthGross), method: 'FIRST_MONTH' };
  }
  return null;
}
