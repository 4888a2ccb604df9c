/** Exact decimal money helpers: no binary floating point ever touches an amount. */
import Decimal from 'decimal.js';
import type { RoundingMode } from './policy';

const DECIMAL_ROUNDING: Record<RoundingMode, Decimal.Rounding> = {
  HALF_UP: Decimal.ROUND_HALF_UP,
  HALF_EVEN: Decimal.ROUND_HALF_EVEN,
  UP: Decimal.ROUND_UP,
  DOWN: Decimal.ROUND_DOWN,
};

function assertScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0) {
    throw new RangeError(`Rounding scale must be a non-negative integer: ${scale}`);
  }
}

/** HALF_UP rounds ties away from zero, HALF_EVEN to the even neighbour, UP away from zero, DOWN toward zero. */
export function roundMoney(value: Decimal.Value, scale: number, mode: RoundingMode): Decimal {
  assertScale(scale);
  return new Decimal(value).toDecimalPlaces(scale, DECIMAL_ROUNDING[mode]);
}

export function clampBase(base: Decimal.Value, floor: Decimal.Value, cap: Decimal.Value): Decimal {
  const low = new Decimal(floor);
  const high = new Decimal(cap);
  if (low.greaterThan(high)) {
    throw new RangeError(`Base floor ${low.toString()} is above cap ${high.toString()}`);
  }
  return Decimal.min(Decimal.max(new Decimal(base), low), high);
}

/** Fixed decimals (2 by default), e.g. "1600.00"; any excess digits are rounded half up. */
export function formatMoney(value: Decimal, scale = 2): string {
  assertScale(scale);
  // Rounding before toFixed: value.toFixed would print a tiny negative as "-0.00", a rounded -0 prints "0.00".
  return value.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP).toFixed(scale);
}
