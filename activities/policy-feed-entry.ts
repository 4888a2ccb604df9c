import { z } from 'zod';
import { INSURANCE_TYPES } from '../domain/contributions/insurance-types';
import { MONTH_SHARES, ROUNDING_MODES, type PolicyTerms } from '../domain/contributions/policy';

// The shape of one vendor feed entry. Ranges and cross-field rules are domain/contributions/policy.ts's
// policyProblems; this only makes sure every field is there with the right type.
const monthRule = z.object({ cutoffDay: z.number().int(), onOrBefore: z.enum(MONTH_SHARES), after: z.enum(MONTH_SHARES) });
const decimalText = z.union([z.string(), z.number().transform(String)]);

export const policyFeedEntrySchema = z.object({
  cityCode: z.string(),
  insuranceType: z.enum(INSURANCE_TYPES),
  industryClass: z.number().int().nullable().default(null),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable().default(null),
  employerRatePercent: decimalText,
  employeeRatePercent: decimalText,
  baseFloor: decimalText,
  baseCap: decimalText,
  roundingScale: z.number().int(),
  roundingMode: z.enum(ROUNDING_MODES),
  hireMonth: monthRule,
  leaveMonth: monthRule,
  baseSwitchMonth: z.number().int(),
  source: z.string().min(1),
  publishedAt: z.string().optional(),
});

export type PolicyFeedEntry = z.infer<typeof policyFeedEntrySchema>;

export function termsOf(entry: PolicyFeedEntry): PolicyTerms {
  const { source: _source, publishedAt: _publishedAt, ...terms } = entry;
  return terms;
}
