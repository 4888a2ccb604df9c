export const INSURANCE_TYPES = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export const RECORD_STATUSES = ['ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** One insured place as the national records platform reports it. Months are "YYYY-MM". */
export interface NationalRecord {
  cityCode: string;
  cityName: string;
  insuranceType: InsuranceType;
  status: RecordStatus;
  firstMonth: string;
  lastMonth: string | null;
  monthsPaid: number;
  employer: string;
}
