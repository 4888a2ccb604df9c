import type { IsoDate, IsoMonth } from './business-date';

const ISO_MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isValidIsoMonth(value: string): boolean {
  return ISO_MONTH_PATTERN.test(value);
}

function parts(month: IsoMonth): [number, number] {
  const match = ISO_MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`Not a valid YYYY-MM month: ${JSON.stringify(month)}`);
  return [Number(match[1]), Number(match[2])];
}

export function firstDayOfMonth(month: IsoMonth): IsoDate {
  parts(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [year, monthNumber] = parts(month);
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

export function addMonths(month: IsoMonth, n: number): IsoMonth {
  const [year, monthNumber] = parts(month);
  const index = year * 12 + (monthNumber - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `from`..`to` inclusive, in order; empty when `to` is before `from`. */
export function monthRange(from: IsoMonth, to: IsoMonth): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}
