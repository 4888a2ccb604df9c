/** One insurance type's monthly contribution for one employee. See domain.md §5. */
import Decimal from 'decimal.js';
import { clampBase, roundMoney } from './money';
import type { PolicyTerms } from './policy';

export interface ContributionAmounts {
  base: Decimal;
  employerAmount: Decimal;
  employeeAmount: Decimal;
}

type ContributionPolicy = Pick<
  PolicyTerms,
  'employerRatePercent' | 'employeeRatePercent' | 'baseFloor' | 'baseCap' | 'roundingScale' | 'roundingMode'
>;

/** base clamped to the policy's floor/cap; each amount = round(base × rate% / 100 × fraction, policy scale, policy mode). */
interface ParsedPolicy {
  floor: Decimal;
  cap: Decimal;
  employerRate: Decimal;
  employeeRate: Decimal;
}

// A month computes the same few policy objects for every employee: parse their figures once.
const parsedPolicies = new WeakMap<ContributionPolicy, ParsedPolicy>();

function parsed(policy: ContributionPolicy): ParsedPolicy {
  let figures = parsedPolicies.get(policy);
  if (!figures) {
    const rate = (ratePercent: string) => {
      const value = new Decimal(ratePercent);
      if (value.isNegative()) throw new RangeError(`Rate must not be negative: ${ratePercent}`);
      return value.dividedBy(100);
    };
    figures = { floor: new Decimal(policy.baseFloor), cap: new Decimal(policy.baseCap), employerRate: rate(policy.employerRatePercent), employeeRate: rate(policy.employeeRatePercent) };
    parsedPolicies.set(policy, figures);
  }
  return figures;
}

export function computeContribution(rawBase: Decimal.Value, policy: ContributionPolicy, fraction: Decimal.Value): ContributionAmounts {
  const share = new Decimal(fraction);
  if (share.isNegative() || share.greaterThan(1)) {
    throw new RangeError(`Month fraction must be between 0 and 1: ${share.toString()}`);
  }
  const figures = parsed(policy);
  const base = clampBase(rawBase, figures.floor, figures.cap);
  // Round once, at the end: rounding the full-month amount first and then halving it would round twice.
  const amountAt = (rate: Decimal): Decimal => roundMoney(base.times(rate).times(share), policy.roundingScale, policy.roundingMode);
  return {
    base,
    employerAmount: amountAt(figures.employerRate),
    employeeAmount: amountAt(figures.employeeRate),
  };
}
