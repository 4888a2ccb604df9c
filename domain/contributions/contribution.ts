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
export function computeContribution(rawBase: Decimal.Value, policy: ContributionPolicy, fraction: Decimal.Value): ContributionAmounts {
  const share = new Decimal(fraction);
  if (share.isNegative() || share.greaterThan(1)) {
    throw new RangeError(`Month fraction must be between 0 and 1: ${share.toString()}`);
  }
  const base = clampBase(rawBase, policy.baseFloor, policy.baseCap);
  const amountAt = (ratePercent: string): Decimal => {
    const rate = new Decimal(ratePercent);
    if (rate.isNegative()) throw new RangeError(`Rate must not be negative: ${ratePercent}`);
    // Round once, at the end: rounding the full-month amount first and then halving it would round twice.
    return roundMoney(base.times(rate).dividedBy(100).times(share), policy.roundingScale, policy.roundingMode);
  };
  return {
    base,
    employerAmount: amountAt(policy.employerRatePercent),
    employeeAmount: amountAt(policy.employeeRatePercent),
  };
}
