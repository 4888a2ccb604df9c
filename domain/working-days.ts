/**
 * Working days (工作日) in mainland China: Monday to Friday, minus published public holidays,
 * plus make-up working days (调休上班). Years without holiday data count weekends only;
 * check `calendarCovers` and warn when a result depends on such a year.
 */
import { addDays, daysBetween, isValidIsoDate, type IsoDate } from './business-date';
import { CN_PUBLIC_HOLIDAY_YEARS } from './calendar/cn-public-holidays';

const KNOWN_MONDAY: IsoDate = '2024-01-01';

const COVERED_YEARS = new Set(CN_PUBLIC_HOLIDAY_YEARS.map((y) => y.year));
const HOLIDAYS = new Set(CN_PUBLIC_HOLIDAY_YEARS.flatMap((y) => y.holidays));
const MAKE_UP_WORKDAYS = new Set(CN_PUBLIC_HOLIDAY_YEARS.flatMap((y) => y.makeUpWorkdays));

function assertValidIsoDate(date: string): void {
  if (!isValidIsoDate(date)) {
    throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
}

function isWeekend(date: IsoDate): boolean {
  const mondayBased = ((daysBetween(KNOWN_MONDAY, date) % 7) + 7) % 7;
  return mondayBased >= 5;
}

/** True when holiday data exists for the year of `date`. */
export function calendarCovers(date: IsoDate): boolean {
  assertValidIsoDate(date);
  return COVERED_YEARS.has(Number(date.slice(0, 4)));
}

export function isWorkingDay(date: IsoDate): boolean {
  assertValidIsoDate(date);
  if (MAKE_UP_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  return !isWeekend(date);
}

/**
 * The n-th working day after `date`, `date` itself never counted: for n ≥ 1 this is the
 * deadline of "within n working days of `date`", so
 * `workingDaysBetween(date, addWorkingDays(date, n)) === n`.
 * n = 0 rolls forward instead: `date` if it is a working day, else the next working day
 * (the first day an agency could act). So a Saturday gives the same day for n = 0 and n = 1.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  assertValidIsoDate(date);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Working-day count must be a non-negative integer: ${n}`);
  }
  let current = date;
  if (n === 0) {
    while (!isWorkingDay(current)) current = addDays(current, 1);
    return current;
  }
  let remaining = n;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/** Working days strictly after `from`, up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const span = daysBetween(from, to);
  let count = 0;
  let current = from;
  for (let i = 0; i < span; i += 1) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) count += 1;
  }
  return count;
}
