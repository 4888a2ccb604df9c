/** Back pay (补缴) and refunds (退费) after a finalized month's figures change. */
import Decimal from 'decimal.js';

export type AdjustmentKind = 'BACK_PAY' | 'REFUND';

export const ADJUSTMENT_KIND_NAMES: Record<AdjustmentKind, string> = {
  BACK_PAY: '补缴',
  REFUND: '退费',
};

export interface AdjustmentLine {
  kind: AdjustmentKind;
  employerAmount: Decimal;
  employeeAmount: Decimal;
}

/** What must be added or returned so that `alreadyCharged` (the sum of finalized lines and earlier adjustments, per party) becomes `due`. Amounts are never negative: a party whose delta is positive goes on a BACK_PAY line, negative on a REFUND line; when both deltas have the same sign one line, when opposite signs two lines (one per kind, the other party 0 on each); no delta → []. */
export function adjustmentLines(
  alreadyCharged: { employer: Decimal.Value; employee: Decimal.Value },
  due: { employer: Decimal.Value; employee: Decimal.Value },
): AdjustmentLine[] {
  const employerDelta = new Decimal(due.employer).minus(alreadyCharged.employer);
  const employeeDelta = new Decimal(due.employee).minus(alreadyCharged.employee);
  const zero = new Decimal(0);
  // abs() also turns a -0 into 0, so no amount ever carries a minus sign.
  const line = (kind: AdjustmentKind, employer: Decimal, employee: Decimal): AdjustmentLine => ({
    kind,
    employerAmount: employer.abs(),
    employeeAmount: employee.abs(),
  });

  if (employerDelta.isZero() && employeeDelta.isZero()) return [];
  const noneNegative = employerDelta.greaterThanOrEqualTo(0) && employeeDelta.greaterThanOrEqualTo(0);
  if (noneNegative) return [line('BACK_PAY', employerDelta, employeeDelta)];
  const nonePositive = employerDelta.lessThanOrEqualTo(0) && employeeDelta.lessThanOrEqualTo(0);
  if (nonePositive) return [line('REFUND', employerDelta, employeeDelta)];

  const employerOwes = employerDelta.greaterThan(0);
  return [
    line('BACK_PAY', employerOwes ? employerDelta : zero, employerOwes ? zero : employeeDelta),
    line('REFUND', employerOwes ? zero : employerDelta, employerOwes ? employeeDelta : zero),
  ];
}
