import Decimal from 'decimal.js';
import type { MonthRule, PolicyTerms } from './policy';

export interface PolicyChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
}

const DECIMAL_FIELDS = ['employerRatePercent', 'employeeRatePercent', 'baseFloor', 'baseCap'] as const;
const PLAIN_FIELDS = ['effectiveTo', 'roundingScale', 'roundingMode', 'baseSwitchMonth'] as const;
const RULE_FIELDS = ['hireMonth', 'leaveMonth'] as const;

/** What a proposed version changes against the one it would follow or replace; "16" equals "16.0000". */
export function policyChanges(current: PolicyTerms | undefined, proposed: PolicyTerms): PolicyChange[] {
  const changes: PolicyChange[] = [];
  for (const field of DECIMAL_FIELDS) {
    const before = current?.[field];
    if (before === undefined || !new Decimal(before).equals(proposed[field])) changes.push({ field, from: before ?? null, to: proposed[field] });
  }
  for (const field of PLAIN_FIELDS) {
    const before = current ? current[field] : undefined;
    if (before === undefined || before !== proposed[field]) changes.push({ field, from: before ?? null, to: proposed[field] });
  }
  for (const field of RULE_FIELDS) {
    for (const part of ['cutoffDay', 'onOrBefore', 'after'] as const satisfies readonly (keyof MonthRule)[]) {
      const before = current?.[field][part];
      if (before === undefined || before !== proposed[field][part]) changes.push({ field: `${field}.${part}`, from: before ?? null, to: proposed[field][part] });
    }
  }
  return changes;
}
