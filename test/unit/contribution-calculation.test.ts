import Decimal from 'decimal.js';
import fc from 'fast-check';
import { computeContribution } from '../../domain/contributions/contribution';
import { ROUNDING_MODES, type PolicyTerms } from '../../domain/contributions/policy';

type ContributionPolicy = Parameters<typeof computeContribution>[1];

// 长沙 2024 (domain.md §5, illustrative): floor 3604, cap 18021; pension 16%/8%, medical 8%/2%.
const LIMITS: Pick<PolicyTerms, 'baseFloor' | 'baseCap' | 'roundingScale' | 'roundingMode'> = {
  baseFloor: '3604',
  baseCap: '18021',
  roundingScale: 2,
  roundingMode: 'HALF_UP',
};
const PENSION: ContributionPolicy = { ...LIMITS, employerRatePercent: '16', employeeRatePercent: '8' };
const MEDICAL: ContributionPolicy = { ...LIMITS, employerRatePercent: '8', employeeRatePercent: '2' };

function amounts(rawBase: Decimal.Value, policy: ContributionPolicy, fraction: Decimal.Value = 1): [string, string, string] {
  const result = computeContribution(rawBase, policy, fraction);
  return [result.base.toFixed(2), result.employerAmount.toFixed(2), result.employeeAmount.toFixed(2)];
}

describe('computeContribution', () => {
  it('reproduces the source example: gross 10000 in 长沙 2024', () => {
    expect(amounts('10000', PENSION)).toEqual(['10000.00', '1600.00', '800.00']);
    expect(amounts('10000', MEDICAL)).toEqual(['10000.00', '800.00', '200.00']);
  });

  it('halves the amounts for a half month', () => {
    expect(amounts('10000', PENSION, '0.5')).toEqual(['10000.00', '800.00', '400.00']);
    expect(amounts('10000', MEDICAL, new Decimal('0.5'))).toEqual(['10000.00', '400.00', '100.00']);
  });

  it('charges nothing for a NONE month but still reports the base', () => {
    expect(amounts('10000', PENSION, 0)).toEqual(['10000.00', '0.00', '0.00']);
  });

  it('clamps the base to the floor and the cap', () => {
    expect(amounts('3000', PENSION)).toEqual(['3604.00', '576.64', '288.32']);
    expect(amounts('30000', PENSION)).toEqual(['18021.00', '2883.36', '1441.68']);
  });

  it('rounds with the policy scale and mode', () => {
    const unemployment = { ...LIMITS, employerRatePercent: '0.5', employeeRatePercent: '0.3' };
    // 10001 × 0.3% = 30.003
    expect(amounts('10001', unemployment)[2]).toBe('30.00');
    expect(amounts('10001', { ...unemployment, roundingMode: 'UP' })[2]).toBe('30.01');
    // 10100 × 0.5% = 50.5: a tie at scale 0.
    const whole = { ...unemployment, roundingScale: 0 };
    expect(computeContribution('10100', { ...whole, roundingMode: 'HALF_UP' }, 1).employerAmount.toString()).toBe('51');
    expect(computeContribution('10100', { ...whole, roundingMode: 'HALF_EVEN' }, 1).employerAmount.toString()).toBe('50');
    expect(computeContribution('10100', { ...whole, roundingMode: 'DOWN' }, 1).employerAmount.toString()).toBe('50');
  });

  it('applies the month fraction before rounding, rounding only once', () => {
    // 10001 × 0.5% = 50.005; × 0.5 = 25.0025 → 25.00. Rounding the full month first would give 50.01 → 25.01.
    const policy = { ...LIMITS, employerRatePercent: '0.5', employeeRatePercent: '0' };
    expect(amounts('10001', policy, '0.5')[1]).toBe('25.00');
  });

  it('works with rates of up to four decimals exactly', () => {
    // 10000 × 0.1234% = 12.34 exactly; as JS numbers 10000 * 0.1234 / 100 = 12.340000000000002.
    expect(amounts('10000', { ...LIMITS, employerRatePercent: '0.1234', employeeRatePercent: '0.0001' })).toEqual(['10000.00', '12.34', '0.01']);
  });

  it.each(['-0.5', '1.5'])('rejects month fraction %s', (fraction) => {
    expect(() => computeContribution('10000', PENSION, fraction)).toThrow(RangeError);
  });

  const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => new Decimal(n).dividedBy(100));
  const rate = fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Decimal(n).dividedBy(10_000).toString());
  const policyArb = fc
    .record({
      floor: cents(2_000_000).map((d) => d.plus('0.01')),
      span: cents(5_000_000),
      employerRatePercent: rate,
      employeeRatePercent: rate,
      roundingScale: fc.integer({ min: 0, max: 2 }),
      roundingMode: fc.constantFrom(...ROUNDING_MODES),
    })
    .map(
      (p): ContributionPolicy => ({
        baseFloor: p.floor.toString(),
        baseCap: p.floor.plus(p.span).toString(),
        employerRatePercent: p.employerRatePercent,
        employeeRatePercent: p.employeeRatePercent,
        roundingScale: p.roundingScale,
        roundingMode: p.roundingMode,
      }),
    );
  const fractionArb = fc.constantFrom('0', '0.5', '1');
  const rawBaseArb = fc.integer({ min: -1_000_000, max: 10_000_000_000 }).map((n) => new Decimal(n).dividedBy(100));

  it('never returns a negative amount and keeps the base within floor and cap', () => {
    fc.assert(
      fc.property(rawBaseArb, policyArb, fractionArb, (rawBase, policy, fraction) => {
        const result = computeContribution(rawBase, policy, fraction);
        expect(result.employerAmount.isNegative()).toBe(false);
        expect(result.employeeAmount.isNegative()).toBe(false);
        expect(result.base.greaterThanOrEqualTo(policy.baseFloor)).toBe(true);
        expect(result.base.lessThanOrEqualTo(policy.baseCap)).toBe(true);
        expect(result.employerAmount.decimalPlaces()).toBeLessThanOrEqual(policy.roundingScale);
      }),
    );
  });

  it('gives an employer amount that never falls when the base rises', () => {
    fc.assert(
      fc.property(rawBaseArb, rawBaseArb, policyArb, fractionArb, (a, b, policy, fraction) => {
        const [low, high] = a.lessThanOrEqualTo(b) ? [a, b] : [b, a];
        const lowAmount = computeContribution(low, policy, fraction).employerAmount;
        const highAmount = computeContribution(high, policy, fraction).employerAmount;
        expect(lowAmount.lessThanOrEqualTo(highAmount)).toBe(true);
      }),
    );
  });
});
