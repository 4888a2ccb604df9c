/** Totals of contribution lines per insurance type and overall, for reports and the API. */
import Decimal from 'decimal.js';
import type { InsuranceType } from './insurance-types';
import { formatMoney } from './money';

export interface LineForSummary {
  insuranceType: InsuranceType;
  employerAmount: Decimal.Value;
  employeeAmount: Decimal.Value;
  /** -1 for refund lines. */
  direction?: 1 | -1;
}

interface Totals {
  employer: string;
  employee: string;
  total: string;
  lines: number;
}

export interface ContributionSummary {
  byType: Partial<Record<InsuranceType, Totals>>;
  employer: string;
  employee: string;
  total: string;
  lines: number;
}

class Accumulator {
  employer = new Decimal(0);
  employee = new Decimal(0);
  lines = 0;

  add(line: LineForSummary): void {
    const sign = line.direction ?? 1;
    this.employer = this.employer.plus(new Decimal(line.employerAmount).times(sign));
    this.employee = this.employee.plus(new Decimal(line.employeeAmount).times(sign));
    this.lines += 1;
  }

  totals(): Totals {
    return {
      employer: formatMoney(this.employer),
      employee: formatMoney(this.employee),
      total: formatMoney(this.employer.plus(this.employee)),
      lines: this.lines,
    };
  }
}

/** Money as 2-decimal strings; sums are exact and only the final figures are formatted. */
export function summarizeLines(lines: Iterable<LineForSummary>): ContributionSummary {
  const overall = new Accumulator();
  const perType = new Map<InsuranceType, Accumulator>();
  for (const line of lines) {
    overall.add(line);
    let forType = perType.get(line.insuranceType);
    if (forType === undefined) {
      forType = new Accumulator();
      perType.set(line.insuranceType, forType);
    }
    forType.add(line);
  }
  const byType: Partial<Record<InsuranceType, Totals>> = {};
  for (const [type, accumulator] of perType) byType[type] = accumulator.totals();
  return { byType, ...overall.totals() };
}
