import type { IsoDate, IsoMonth } from '../../domain/business-date';
import { employmentShare, shareFraction } from '../../domain/contributions/month-share';
import type { MonthRule, MonthShare } from '../../domain/contributions/policy';

// The source's example: hired on or before the 15th → full month, after → half month.
const HIRE_15: MonthRule = { cutoffDay: 15, onOrBefore: 'FULL', after: 'HALF' };
// Leaving on or before the 15th → nothing that month, after → full month.
const LEAVE_15: MonthRule = { cutoffDay: 15, onOrBefore: 'NONE', after: 'FULL' };

type Expected = { share: MonthShare; fraction: string; reason: string } | null;

function share(hireDate: IsoDate, leaveDate: IsoDate | null, month: IsoMonth, hire = HIRE_15, leave = LEAVE_15): Expected {
  const result = employmentShare({ hireDate, leaveDate }, month, hire, leave);
  return result && { share: result.share, fraction: result.fraction.toString(), reason: result.reason };
}

describe('shareFraction', () => {
  it.each([
    ['FULL', '1'],
    ['HALF', '0.5'],
    ['NONE', '0'],
  ] as const)('%s → %s', (monthShare, fraction) => {
    expect(shareFraction(monthShare).toString()).toBe(fraction);
  });
});

describe('employmentShare', () => {
  const cases: readonly [string, IsoDate, IsoDate | null, IsoMonth, Expected][] = [
    ['hired on the 1st', '2024-03-01', null, '2024-03', { share: 'FULL', fraction: '1', reason: 'HIRE_MONTH' }],
    ['hired on the 15th itself is a full month', '2024-03-15', null, '2024-03', { share: 'FULL', fraction: '1', reason: 'HIRE_MONTH' }],
    ['hired on the 16th is a half month', '2024-03-16', null, '2024-03', { share: 'HALF', fraction: '0.5', reason: 'HIRE_MONTH' }],
    ['hired on the 31st', '2024-03-31', null, '2024-03', { share: 'HALF', fraction: '0.5', reason: 'HIRE_MONTH' }],
    ['the month after hire', '2024-03-16', null, '2024-04', { share: 'FULL', fraction: '1', reason: 'FULL_MONTH' }],
    ['across a year end', '2023-12-20', null, '2024-01', { share: 'FULL', fraction: '1', reason: 'FULL_MONTH' }],
    ['the month before hire', '2024-03-01', null, '2024-02', null],
    ['the year before hire', '2023-12-20', null, '2023-11', null],
    ['left on the 10th', '2020-01-01', '2024-06-10', '2024-06', { share: 'NONE', fraction: '0', reason: 'LEAVE_MONTH' }],
    ['left on the 15th itself', '2020-01-01', '2024-06-15', '2024-06', { share: 'NONE', fraction: '0', reason: 'LEAVE_MONTH' }],
    ['left on the 16th', '2020-01-01', '2024-06-16', '2024-06', { share: 'FULL', fraction: '1', reason: 'LEAVE_MONTH' }],
    ['a month between hire and leave', '2020-01-01', '2024-06-16', '2024-05', { share: 'FULL', fraction: '1', reason: 'FULL_MONTH' }],
    ['the month after leaving', '2020-01-01', '2024-06-30', '2024-07', null],
    ['hired and left in the same month, leave share smaller', '2024-05-03', '2024-05-12', '2024-05', { share: 'NONE', fraction: '0', reason: 'HIRE_AND_LEAVE_MONTH' }],
    ['hired and left in the same month, hire share smaller', '2024-05-20', '2024-05-28', '2024-05', { share: 'HALF', fraction: '0.5', reason: 'HIRE_AND_LEAVE_MONTH' }],
    ['hired and left in the same month, both full', '2024-05-02', '2024-05-30', '2024-05', { share: 'FULL', fraction: '1', reason: 'HIRE_AND_LEAVE_MONTH' }],
    ['hired on 29 February of a leap year', '2024-02-29', null, '2024-02', { share: 'HALF', fraction: '0.5', reason: 'HIRE_MONTH' }],
    ['hired on 28 February of a common year', '2023-02-28', null, '2023-02', { share: 'HALF', fraction: '0.5', reason: 'HIRE_MONTH' }],
    ['left on 29 February: employed in February', '2020-01-01', '2024-02-29', '2024-02', { share: 'FULL', fraction: '1', reason: 'LEAVE_MONTH' }],
    ['left on 29 February: not employed in March', '2020-01-01', '2024-02-29', '2024-03', null],
    ['hired on 1 March: not employed in February', '2024-03-01', null, '2024-02', null],
  ];

  it.each(cases)('%s', (_label, hireDate, leaveDate, month, expected) => {
    expect(share(hireDate, leaveDate, month)).toEqual(expected);
  });

  it('uses the rule of each side: a half-month leave rule', () => {
    const leaveHalf: MonthRule = { cutoffDay: 10, onOrBefore: 'HALF', after: 'FULL' };
    expect(share('2020-01-01', '2024-06-10', '2024-06', HIRE_15, leaveHalf)).toEqual({ share: 'HALF', fraction: '0.5', reason: 'LEAVE_MONTH' });
    expect(share('2020-01-01', '2024-06-11', '2024-06', HIRE_15, leaveHalf)).toEqual({ share: 'FULL', fraction: '1', reason: 'LEAVE_MONTH' });
    // The hire rule is not used for leaving, nor the leave rule for hiring.
    expect(share('2024-06-11', null, '2024-06', leaveHalf, LEAVE_15)).toEqual({ share: 'FULL', fraction: '1', reason: 'HIRE_MONTH' });
  });

  it('compares the cut-off with the day in February for cut-offs near the month end', () => {
    const cutoff28: MonthRule = { cutoffDay: 28, onOrBefore: 'FULL', after: 'NONE' };
    const cutoff31: MonthRule = { cutoffDay: 31, onOrBefore: 'FULL', after: 'NONE' };
    expect(share('2024-02-29', null, '2024-02', cutoff28)?.share).toBe('NONE');
    expect(share('2023-02-28', null, '2023-02', cutoff28)?.share).toBe('FULL');
    expect(share('2024-02-29', null, '2024-02', cutoff31)?.share).toBe('FULL');
  });

  it('rejects invalid input', () => {
    expect(() => share('2024-05-10', '2024-05-09', '2024-05')).toThrow(RangeError);
    expect(() => share('2023-02-29', null, '2023-02')).toThrow(RangeError);
    expect(() => share('2024-05-10', '2024-13-01', '2024-05')).toThrow(RangeError);
    expect(() => share('2024-05-10', null, '2024-13')).toThrow(RangeError);
    expect(() => share('2024-05-10', null, '2024-5')).toThrow(RangeError);
  });
});
