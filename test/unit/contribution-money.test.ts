import Decimal from 'decimal.js';
import fc from 'fast-check';
import { clampBase, formatMoney, roundMoney } from '../../domain/contributions/money';
import { ROUNDING_MODES, type RoundingMode } from '../../domain/contributions/policy';

describe('roundMoney', () => {
  const cases: readonly [RoundingMode, string, number, string][] = [
    // HALF_UP: ties away from zero
    ['HALF_UP', '2.5', 0, '3'],
    ['HALF_UP', '-2.5', 0, '-3'],
    ['HALF_UP', '2.4', 0, '2'],
    ['HALF_UP', '1.005', 2, '1.01'],
    ['HALF_UP', '-1.005', 2, '-1.01'],
    ['HALF_UP', '1.0049', 2, '1.00'],
    // HALF_EVEN: ties to the even neighbour
    ['HALF_EVEN', '2.5', 0, '2'],
    ['HALF_EVEN', '3.5', 0, '4'],
    ['HALF_EVEN', '-2.5', 0, '-2'],
    ['HALF_EVEN', '2.51', 0, '3'],
    ['HALF_EVEN', '1.005', 2, '1.00'],
    ['HALF_EVEN', '1.015', 2, '1.02'],
    ['HALF_EVEN', '-1.015', 2, '-1.02'],
    // UP: away from zero
    ['UP', '2.1', 0, '3'],
    ['UP', '-2.1', 0, '-3'],
    ['UP', '2', 0, '2'],
    ['UP', '1.001', 2, '1.01'],
    ['UP', '-1.001', 2, '-1.01'],
    // DOWN: toward zero
    ['DOWN', '2.9', 0, '2'],
    ['DOWN', '-2.9', 0, '-2'],
    ['DOWN', '1.009', 2, '1.00'],
    ['DOWN', '-1.009', 2, '-1.00'],
  ];

  it.each(cases)('%s rounds %s at scale %d to %s', (mode, input, scale, expected) => {
    expect(roundMoney(input, scale, mode).toFixed(scale)).toBe(expected);
  });

  it('rounds at scale 1 as well', () => {
    expect(roundMoney('0.25', 1, 'HALF_UP').toFixed(1)).toBe('0.3');
    expect(roundMoney('0.25', 1, 'HALF_EVEN').toFixed(1)).toBe('0.2');
  });

  it('is exact where binary floating point is not', () => {
    // 1.005 * 100 = 100.49999999999999 as a JS number, so Math.round would give 1.00.
    expect(roundMoney(new Decimal('1.005'), 2, 'HALF_UP').toString()).toBe('1.01');
  });

  it('rejects a scale that is not a non-negative integer', () => {
    expect(() => roundMoney('1', -1, 'HALF_UP')).toThrow(RangeError);
    expect(() => roundMoney('1', 1.5, 'HALF_UP')).toThrow(RangeError);
  });

  it('keeps at most `scale` decimals and moves the value by less than 10^-scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom(...ROUNDING_MODES),
        (units, decimals, scale, mode) => {
          const input = new Decimal(units).dividedBy(new Decimal(10).pow(decimals));
          const result = roundMoney(input, scale, mode);
          const step = new Decimal(10).pow(-scale);
          const distance = result.minus(input).abs();
          expect(result.decimalPlaces()).toBeLessThanOrEqual(scale);
          expect(distance.lessThan(step)).toBe(true);
          // Direction by mode.
          if (mode === 'DOWN') expect(result.abs().lessThanOrEqualTo(input.abs())).toBe(true);
          if (mode === 'UP') expect(result.abs().greaterThanOrEqualTo(input.abs())).toBe(true);
          if (mode === 'HALF_UP' || mode === 'HALF_EVEN') expect(distance.lessThanOrEqualTo(step.dividedBy(2))).toBe(true);
        },
      ),
    );
  });
});

describe('clampBase', () => {
  // 长沙 2024 (domain.md §5): floor 3604, cap 18021.
  const cases: readonly [string, string, string][] = [
    ['below the floor', '3000', '3604'],
    ['just below the floor', '3603.99', '3604'],
    ['equal to the floor', '3604', '3604'],
    ['inside', '10000', '10000'],
    ['inside with cents', '10000.55', '10000.55'],
    ['equal to the cap', '18021', '18021'],
    ['just above the cap', '18021.01', '18021'],
    ['above the cap', '30000', '18021'],
    ['zero', '0', '3604'],
  ];

  it.each(cases)('%s: %s → %s', (_label, base, expected) => {
    expect(clampBase(base, '3604', '18021').toString()).toBe(expected);
  });

  it('rejects a floor above the cap', () => {
    expect(() => clampBase('5000', '18021', '3604')).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it.each([
    [new Decimal(1600), undefined, '1600.00'],
    [new Decimal('0.5'), undefined, '0.50'],
    [new Decimal('1.005'), undefined, '1.01'],
    [new Decimal('-12.3'), undefined, '-12.30'],
    [new Decimal(-0), undefined, '0.00'],
    [new Decimal('-0.001'), undefined, '0.00'],
    [new Decimal('1600.4'), 0, '1600'],
    [new Decimal('3321.6'), 1, '3321.6'],
  ] as const)('formats %s with scale %s as %s', (value, scale, expected) => {
    expect(formatMoney(value, scale)).toBe(expected);
  });
});
