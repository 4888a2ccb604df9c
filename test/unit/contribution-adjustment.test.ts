import Decimal from 'decimal.js';
import fc from 'fast-check';
import { ADJUSTMENT_KIND_NAMES, adjustmentLines } from '../../domain/contributions/adjustment';

type Party = { employer: Decimal.Value; employee: Decimal.Value };

function plain(charged: Party, due: Party): [string, string, string][] {
  return adjustmentLines(charged, due).map((line) => [line.kind, line.employerAmount.toFixed(2), line.employeeAmount.toFixed(2)]);
}

describe('ADJUSTMENT_KIND_NAMES', () => {
  it('names the kinds in Chinese', () => {
    expect(ADJUSTMENT_KIND_NAMES).toEqual({ BACK_PAY: '补缴', REFUND: '退费' });
  });
});

describe('adjustmentLines', () => {
  const cases: readonly [string, Party, Party, [string, string, string][]][] = [
    // 湖南 2023: employer pension 16% → 15% on base 10000.
    ['湖南 employer pension 16% → 15%', { employer: '1600', employee: '800' }, { employer: '1500', employee: '800' }, [['REFUND', '100.00', '0.00']]],
    ['nothing changed', { employer: '1600', employee: '800' }, { employer: '1600.00', employee: '800.0' }, []],
    ['both rise', { employer: '1500', employee: '800' }, { employer: '1600', employee: '850' }, [['BACK_PAY', '100.00', '50.00']]],
    ['both fall', { employer: '1600', employee: '850' }, { employer: '1500', employee: '800' }, [['REFUND', '100.00', '50.00']]],
    ['only the employee rises', { employer: '1600', employee: '800' }, { employer: '1600', employee: '812.34' }, [['BACK_PAY', '0.00', '12.34']]],
    ['employer rises, employee falls', { employer: '1500', employee: '820' }, { employer: '1600', employee: '800' }, [['BACK_PAY', '100.00', '0.00'], ['REFUND', '0.00', '20.00']]],
    ['employer falls, employee rises', { employer: '1600', employee: '800' }, { employer: '1500', employee: '820' }, [['BACK_PAY', '0.00', '20.00'], ['REFUND', '100.00', '0.00']]],
    ['a month never charged', { employer: '0', employee: '0' }, { employer: '800', employee: '400' }, [['BACK_PAY', '800.00', '400.00']]],
    ['a month that should not have been charged', { employer: '800', employee: '400' }, { employer: '0', employee: '0' }, [['REFUND', '800.00', '400.00']]],
  ];

  it.each(cases)('%s', (_label, charged, due, expected) => {
    expect(plain(charged, due)).toEqual(expected);
  });

  it('is exact where binary floating point is not', () => {
    const [line] = adjustmentLines({ employer: '0.1', employee: '0' }, { employer: '0.3', employee: '0' });
    expect(line?.employerAmount.toString()).toBe('0.2');
  });

  const money = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => new Decimal(n).dividedBy(100));
  const party = fc.record({ employer: money, employee: money });

  it('brings alreadyCharged exactly to due, with no negative amount', () => {
    fc.assert(
      fc.property(party, party, fc.boolean(), (charged, dueDraw, sameEmployer) => {
        // Often leave one party unchanged, so the zero-delta branches are exercised.
        const due = sameEmployer ? { ...dueDraw, employer: charged.employer } : dueDraw;
        const lines = adjustmentLines(charged, due);
        let employer = charged.employer;
        let employee = charged.employee;
        for (const line of lines) {
          expect(line.employerAmount.isNegative()).toBe(false);
          expect(line.employeeAmount.isNegative()).toBe(false);
          expect(line.employerAmount.isZero() && line.employeeAmount.isZero()).toBe(false);
          const sign = line.kind === 'REFUND' ? -1 : 1;
          employer = employer.plus(line.employerAmount.times(sign));
          employee = employee.plus(line.employeeAmount.times(sign));
        }
        expect(employer.equals(due.employer)).toBe(true);
        expect(employee.equals(due.employee)).toBe(true);
        expect(lines.length).toBeLessThanOrEqual(2);
        expect(new Set(lines.map((l) => l.kind)).size).toBe(lines.length);
      }),
    );
  });
});
