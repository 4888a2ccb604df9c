import { isValidIsoDate } from '../../domain/business-date';
import { CN_PUBLIC_HOLIDAY_YEARS } from '../../domain/calendar/cn-public-holidays';
import { addWorkingDays, calendarCovers, isWorkingDay, workingDaysBetween } from '../../domain/working-days';

// Independent of the code under test: JavaScript's own weekday, 0 = Sunday, 6 = Saturday.
function isWeekendByJs(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

describe('holiday data', () => {
  it('covers 2024, 2025 and 2026 once each, each with a source', () => {
    expect(CN_PUBLIC_HOLIDAY_YEARS.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    for (const year of CN_PUBLIC_HOLIDAY_YEARS) expect(year.source).toMatch(/国务院办公厅/);
  });

  it.each([
    [2024, 30, 8],
    [2025, 28, 5],
    [2026, 33, 6],
  ])('%i has %i days off and %i make-up working days', (year, holidays, makeUps) => {
    const data = CN_PUBLIC_HOLIDAY_YEARS.find((y) => y.year === year);
    expect(data?.holidays).toHaveLength(holidays);
    expect(data?.makeUpWorkdays).toHaveLength(makeUps);
  });

  it.each(CN_PUBLIC_HOLIDAY_YEARS.map((y) => [y.year, y] as const))(
    '%i: valid dates of that year, no duplicates, make-up days all on weekends, never also a holiday',
    (year, data) => {
      const all = [...data.holidays, ...data.makeUpWorkdays];
      for (const date of all) {
        expect(isValidIsoDate(date)).toBe(true);
        expect(date.startsWith(`${year}-`)).toBe(true);
      }
      expect(new Set(all).size).toBe(all.length);
      expect(data.makeUpWorkdays.filter((d) => !isWeekendByJs(d))).toEqual([]);
    },
  );
});

describe('isWorkingDay', () => {
  it.each([
    // 2025 National Day + Mid-Autumn: 10-01..10-08 off, 09-28 (Sun) and 10-11 (Sat) worked.
    ['2025-09-27', false, 'Saturday before the break'],
    ['2025-09-28', true, 'make-up Sunday'],
    ['2025-09-30', true, 'Tuesday before the break'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-02', false, 'holiday'],
    ['2025-10-03', false, 'holiday'],
    ['2025-10-04', false, 'holiday'],
    ['2025-10-05', false, 'holiday'],
    ['2025-10-06', false, 'Mid-Autumn'],
    ['2025-10-07', false, 'holiday'],
    ['2025-10-08', false, 'eighth day off (Wednesday)'],
    ['2025-10-09', true, 'first day back'],
    ['2025-10-11', true, 'make-up Saturday'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2025-01-01', false, 'New Year, a Wednesday'],
    ['2025-01-26', true, 'Spring Festival make-up Sunday'],
    ['2025-02-04', false, 'eighth Spring Festival day (added in 2025)'],
    ['2025-05-05', false, 'fifth Labour Day day (added in 2025)'],
    ['2025-03-12', true, 'ordinary Wednesday'],
    ['2025-03-15', false, 'ordinary Saturday'],
    ['2024-02-09', true, 'New Year’s Eve 2024 was not a public holiday'],
    ['2024-02-18', true, 'make-up Sunday 2024'],
    ['2024-06-10', false, 'Dragon Boat 2024'],
    ['2026-02-14', true, 'make-up Saturday 2026'],
    ['2026-02-23', false, 'ninth Spring Festival day 2026, a Monday'],
    ['2026-09-20', true, 'make-up Sunday 2026'],
    // Outside the data only weekends are off, even where a holiday really fell.
    ['2023-10-02', true, 'uncovered year: a real holiday counts as a working day'],
    ['2027-01-02', false, 'uncovered year: Saturday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => isWorkingDay('2025-02-30')).toThrow(RangeError);
  });
});

describe('calendarCovers', () => {
  it.each([
    ['2023-12-31', false],
    ['2024-01-01', true],
    ['2025-06-30', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('%s → %s', (date, expected) => {
    expect(calendarCovers(date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    // 2025-01-20 (Mon) + 15 across Spring Festival: counts the make-up days 01-26 and 02-08.
    ['2025-01-20', 15, '2025-02-14'],
    // 2024-02-05 (Mon) + 15 across Spring Festival 2024: 02-09 and 02-18 count.
    ['2024-02-05', 15, '2024-03-01'],
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-09-30', 2, '2025-10-10'],
    ['2025-09-30', 3, '2025-10-11'],
    ['2025-03-12', 1, '2025-03-13'],
    ['2025-03-14', 1, '2025-03-17'],
    ['2025-03-15', 1, '2025-03-17'],
    ['2025-12-31', 1, '2026-01-04'], // 2026-01-01..03 off, 01-04 (Sun) worked
    ['2027-01-01', 1, '2027-01-04'],
  ])('%s + %i working days → %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it.each([
    ['2025-03-12', '2025-03-12', 'working day: itself'],
    ['2025-10-11', '2025-10-11', 'make-up Saturday: itself'],
    ['2025-03-15', '2025-03-17', 'Saturday: next Monday'],
    ['2025-10-03', '2025-10-09', 'inside the holiday: first day back'],
  ])('n = 0 from %s → %s (%s)', (date, expected) => {
    expect(addWorkingDays(date, 0)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('rejects n = %p', (n) => {
    expect(() => addWorkingDays('2025-03-12', n)).toThrow(RangeError);
  });

  it('rejects an invalid date', () => {
    expect(() => addWorkingDays('2025-13-01', 1)).toThrow(RangeError);
  });

  it.each([
    ['2024-12-20', 45],
    ['2025-09-20', 15],
    ['2026-02-10', 10],
  ])('workingDaysBetween(%s, addWorkingDays(%s, %i)) is n again', (date, n) => {
    expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-09-30', '2025-10-08', 0],
    ['2025-09-30', '2025-10-09', 1],
    ['2025-09-26', '2025-10-11', 6],
    ['2025-10-09', '2025-10-10', 1],
    ['2025-10-10', '2025-10-10', 0],
    ['2025-10-10', '2025-10-09', 0],
    ['2025-01-20', '2025-02-14', 15],
    ['2025-01-20', '2025-02-13', 14],
    ['2024-12-31', '2025-12-31', 248],
  ])('(%s, %s] has %i working days', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => workingDaysBetween('2025-01-01', '2025-1-2')).toThrow(RangeError);
  });
});
