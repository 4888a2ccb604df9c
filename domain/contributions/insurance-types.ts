/** The five social insurances plus the housing fund (五险一金). See domain.md §5. */

export const INSURANCE_TYPES = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY', 'HOUSING_FUND'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

/** MEDICAL includes maternity where the two were merged (most places since 2019); MATERNITY is for the rest. */
export const INSURANCE_TYPE_NAMES: Record<InsuranceType, string> = {
  PENSION: '养老保险',
  MEDICAL: '医疗保险(含生育)',
  UNEMPLOYMENT: '失业保险',
  WORK_INJURY: '工伤保险',
  MATERNITY: '生育保险',
  HOUSING_FUND: '住房公积金',
};

export function isInsuranceType(value: string): value is InsuranceType {
  return (INSURANCE_TYPES as readonly string[]).includes(value);
}
