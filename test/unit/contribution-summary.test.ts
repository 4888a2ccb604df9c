import Decimal from 'decimal.js';
import fc from 'fast-check';
import { INSURANCE_TYPES, type InsuranceType } from '../../domain/contributions/insurance-types';
import { summarizeLines, type LineForSummary } from '../../domain/contributions/summary';

describe('summarizeLines', () => {
  it('totals per type and overall, subtracting refund lines', () => {
    const summary = summarizeLines([
      { insuranceType: 'PENSION', employerAmount: '1600', employeeAmount: '800' },
      { insuranceType: 'MEDICAL', employerAmount: new Decimal('800'), employeeAmount: '200' },
      { insuranceType: 'PENSION', employerAmount: '100', employeeAmount: '0', direction: -1 },
      { insuranceType: 'UNEMPLOYMENT', employerAmount: '50.05', employeeAmount: '20.03', direction: 1 },
    ]);
    expect(summary).toEqual({
      byType: {
        PENSION: { employer: '1500.00', employee: '800.00', total: '2300.00', lines: 2 },
        MEDICAL: { employer: '800.00', employee: '200.00', total: '1000.00', lines: 1 },
        UNEMPLOYMENT: { employer: '50.05', employee: '20.03', total: '70.08', lines: 1 },
      },
      employer: '2350.05',
      employee: '1020.03',
      total: '3370.08',
      lines: 4,
    });
  });

  it('gives zeros and no types for no lines', () => {
    expect(summarizeLines([])).toEqual({ byType: {}, employer: '0.00', employee: '0.00', total: '0.00', lines: 0 });
  });

  it('reads any iterable once', () => {
    function* lines(): Generator<LineForSummary> {
      yield { insuranceType: 'HOUSING_FUND', employerAmount: '1200', employeeAmount: '1200' };
      yield { insuranceType: 'HOUSING_FUND', employerAmount: '0.1', employeeAmount: '0.2' };
    }
    expect(summarizeLines(lines()).byType.HOUSING_FUND).toEqual({ employer: '1200.10', employee: '1200.20', total: '2400.30', lines: 2 });
  });

  const lineArb: fc.Arbitrary<LineForSummary> = fc.record(
    {
      insuranceType: fc.constantFrom(...INSURANCE_TYPES),
      employerAmount: fc.integer({ min: 0, max: 100_000_000 }).map((n) => new Decimal(n).dividedBy(100).toString()),
      employeeAmount: fc.integer({ min: 0, max: 100_000_000 }).map((n) => new Decimal(n).dividedBy(100)),
      direction: fc.constantFrom<1 | -1>(1, -1),
    },
    { requiredKeys: ['insuranceType', 'employerAmount', 'employeeAmount'] },
  );

  it('totals equal the sum of the lines, and the per-type totals add up to the grand total', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const summary = summarizeLines(lines);

        let employer = new Decimal(0);
        let employee = new Decimal(0);
        const perType = new Map<InsuranceType, Decimal>();
        for (const line of lines) {
          const sign = line.direction === -1 ? -1 : 1;
          const lineTotal = new Decimal(line.employerAmount).plus(line.employeeAmount).times(sign);
          employer = employer.plus(new Decimal(line.employerAmount).times(sign));
          employee = employee.plus(new Decimal(line.employeeAmount).times(sign));
          perType.set(line.insuranceType, (perType.get(line.insuranceType) ?? new Decimal(0)).plus(lineTotal));
        }
        expect(summary.employer).toBe(employer.toFixed(2));
        expect(summary.employee).toBe(employee.toFixed(2));
        expect(summary.total).toBe(employer.plus(employee).toFixed(2));
        expect(summary.lines).toBe(lines.length);

        expect(Object.keys(summary.byType).sort()).toEqual([...perType.keys()].sort());
        let byTypeTotal = new Decimal(0);
        let byTypeLines = 0;
        for (const [type, totals] of Object.entries(summary.byType)) {
          expect(totals.total).toBe(perType.get(type as InsuranceType)?.toFixed(2));
          expect(new Decimal(totals.employer).plus(totals.employee).toFixed(2)).toBe(totals.total);
          byTypeTotal = byTypeTotal.plus(totals.total);
          byTypeLines += totals.lines;
        }
        expect(byTypeTotal.toFixed(2)).toBe(summary.total);
        expect(byTypeLines).toBe(summary.lines);
      }),
    );
  });
});
