import { chooseBase, referenceYear, type BaseInputs } from '../../domain/contributions/base';

describe('referenceYear', () => {
  const cases: readonly [string, number, number][] = [
    // Switch in July: 2024-07..2025-06 uses 2023 wages.
    ['2024-01', 7, 2022],
    ['2024-05', 7, 2022],
    ['2024-06', 7, 2022],
    ['2024-07', 7, 2023],
    ['2024-12', 7, 2023],
    ['2025-01', 7, 2023],
    ['2025-06', 7, 2023],
    ['2025-07', 7, 2024],
    // Switch in January: the calendar year before.
    ['2023-12', 1, 2022],
    ['2024-01', 1, 2023],
    ['2024-05', 1, 2023],
    ['2024-12', 1, 2023],
    ['2025-01', 1, 2024],
    // Switch in December.
    ['2024-11', 12, 2022],
    ['2024-12', 12, 2023],
  ];

  it.each(cases)('%s with switch month %d → %d', (month, switchMonth, expected) => {
    expect(referenceYear(month, switchMonth)).toBe(expected);
  });

  it.each([0, 13, 1.5])('rejects switch month %d', (switchMonth) => {
    expect(() => referenceYear('2024-05', switchMonth)).toThrow(RangeError);
  });

  it.each(['2024-5', '2024-00', '2024-13', '2024-05-01'])('rejects month %s', (month) => {
    expect(() => referenceYear(month, 7)).toThrow(RangeError);
  });
});

describe('chooseBase', () => {
  const cases: readonly [string, BaseInputs, { amount: string; method: string } | null][] = [
    ['twelve months average', { referenceYearGross: { total: '120000', monthCount: 12 }, firstMonthGross: null }, { amount: '10000', method: 'PREVIOUS_YEAR_AVERAGE' }],
    ['rounds down below the half', { referenceYearGross: { total: '100000', monthCount: 3 }, firstMonthGross: null }, { amount: '33333.33', method: 'PREVIOUS_YEAR_AVERAGE' }],
    ['rounds up above the half', { referenceYearGross: { total: '200000', monthCount: 3 }, firstMonthGross: null }, { amount: '66666.67', method: 'PREVIOUS_YEAR_AVERAGE' }],
    // 5000.025: HALF_UP gives .03 where banker's rounding would give .02.
    ['rounds a tie half up', { referenceYearGross: { total: '10000.05', monthCount: 2 }, firstMonthGross: null }, { amount: '5000.03', method: 'PREVIOUS_YEAR_AVERAGE' }],
    ['part of a year', { referenceYearGross: { total: '45000', monthCount: 5 }, firstMonthGross: '12000' }, { amount: '9000', method: 'PREVIOUS_YEAR_AVERAGE' }],
    ['new hire: first month gross', { referenceYearGross: null, firstMonthGross: '8000.5' }, { amount: '8000.5', method: 'FIRST_MONTH' }],
    ['no payroll months in the reference year', { referenceYearGross: { total: '0', monthCount: 0 }, firstMonthGross: '7000' }, { amount: '7000', method: 'FIRST_MONTH' }],
    ['nothing at all', { referenceYearGross: null, firstMonthGross: null }, null],
    ['zero months and nothing else', { referenceYearGross: { total: '0', monthCount: 0 }, firstMonthGross: null }, null],
  ];

  it.each(cases)('%s', (_label, inputs, expected) => {
    const result = chooseBase(inputs);
    expect(result && { amount: result.amount.toString(), method: result.method }).toEqual(expected);
  });

  it.each([-1, 2.5])('rejects month count %d', (monthCount) => {
    expect(() => chooseBase({ referenceYearGross: { total: '1000', monthCount }, firstMonthGross: null })).toThrow(RangeError);
  });
});
