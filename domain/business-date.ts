/**
 * Business dates in Asia/Shanghai, computed without reading a clock.
 * China has observed no daylight saving time since 1991, so a fixed +08:00 offset is exact
 * for every date this service handles.
 */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' */
export type IsoDate = string;
/** 'YYYY-MM' */
export type IsoMonth = string;

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid Date');
  }
}

function assertValidIsoDate(date: string): void {
  if (!isValidIsoDate(date)) {
    throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Midnight UTC of the calendar date; used only for calendar arithmetic. */
function utcMidnightMs(date: IsoDate): number {
  // Date.parse on the ISO form is fully specified, unlike Date.UTC which maps years 0-99 to 19xx.
  return Date.parse(`${date}T00:00:00.000Z`);
}

function formatUtcDate(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar date in Shanghai at the given instant, as 'YYYY-MM-DD'. */
export function shanghaiDate(instant: Date): IsoDate {
  assertValidInstant(instant);
  return formatUtcDate(instant.getTime() + SHANGHAI_OFFSET_MS);
}

/** The calendar month in Shanghai at the given instant, as 'YYYY-MM'. */
export function shanghaiMonth(instant: Date): IsoMonth {
  return shanghaiDate(instant).slice(0, 7);
}

/** True only for a strict 'YYYY-MM-DD' string naming a date that exists (leap years included). */
export function isValidIsoDate(s: string): boolean {
  const match = ISO_DATE_PATTERN.exec(s);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The date n calendar days after `date` (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  assertValidIsoDate(date);
  if (!Number.isInteger(n)) {
    throw new RangeError(`Day count must be an integer: ${n}`);
  }
  return formatUtcDate(utcMidnightMs(date) + n * DAY_MS);
}

/** The last millisecond of `date` in Shanghai: 23:59:59.999+08:00. */
export function endOfShanghaiDay(date: IsoDate): Date {
  assertValidIsoDate(date);
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

/** Calendar days from `a` to `b`: positive when `b` is later, negative when earlier. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  assertValidIsoDate(a);
  assertValidIsoDate(b);
  return Math.round((utcMidnightMs(b) - utcMidnightMs(a)) / DAY_MS);
}
