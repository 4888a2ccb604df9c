import {
  addDays,
  daysBetween,
  endOfShanghaiDay,
  isValidIsoDate,
  shanghaiDate,
  shanghaiMonth,
} from '../../domain/business-date';

describe('shanghaiDate / shanghaiMonth', () => {
  it.each([
    ['2024-03-10T15:59:59.999Z', '2024-03-10', '2024-03'],
    ['2024-03-10T16:00:00.000Z', '2024-03-11', '2024-03'],
    ['2024-01-31T16:00:00.000Z', '2024-02-01', '2024-02'],
    ['2023-12-31T16:30:00.000Z', '2024-01-01', '2024-01'],
    ['2024-07-01T00:00:00+08:00', '2024-07-01', '2024-07'],
    // Summer: no DST in China, still +08:00.
    ['2024-07-15T15:59:59.999Z', '2024-07-15', '2024-07'],
  ])('%s is %s in Shanghai', (instant, date, month) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
    expect(shanghaiMonth(new Date(instant))).toBe(month);
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('isValidIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-28', true],
    ['2024-12-31', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-1-05', false],
    ['20240105', false],
    ['2024-01-05T00:00:00Z', false],
    [' 2024-01-05', false],
    ['', false],
  ])('%j → %s', (s, expected) => {
    expect(isValidIsoDate(s)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2024-01-01', 30, '2024-01-31'],
    ['2024-01-31', 1, '2024-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-05-15', 0, '2024-05-15'],
    ['2024-01-01', 366, '2025-01-01'],
  ])('%s + %i = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    ['2024-02-30', 1],
    ['2024-01-01', 1.5],
  ])('rejects %s + %s', (date, n) => {
    expect(() => addDays(date, n)).toThrow(RangeError);
  });
});

describe('endOfShanghaiDay', () => {
  it.each([
    ['2024-03-10', '2024-03-10T15:59:59.999Z'],
    ['2024-01-01', '2024-01-01T15:59:59.999Z'],
    ['2024-07-15', '2024-07-15T15:59:59.999Z'],
  ])('%s ends at %s', (date, isoInstant) => {
    expect(endOfShanghaiDay(date).toISOString()).toBe(isoInstant);
  });

  it('is the last millisecond of that Shanghai date', () => {
    const end = endOfShanghaiDay('2024-03-10');
    expect(shanghaiDate(end)).toBe('2024-03-10');
    expect(shanghaiDate(new Date(end.getTime() + 1))).toBe('2024-03-11');
  });

  it('rejects an impossible date', () => {
    expect(() => endOfShanghaiDay('2024-02-30')).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-01-01', '2024-01-31', 30],
    ['2024-01-31', '2024-01-01', -30],
    ['2024-02-28', '2024-03-01', 2],
    ['2023-02-28', '2023-03-01', 1],
    ['2024-05-15', '2024-05-15', 0],
    ['2024-01-01', '2025-01-01', 366],
  ])('from %s to %s is %i days', (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it('rejects an invalid date', () => {
    expect(() => daysBetween('2024-01-01', '2024-1-2')).toThrow(RangeError);
  });
});
