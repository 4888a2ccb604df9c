import type { PolicyFeedEntry } from './app';

export type { PolicyFeedEntry } from './app';

/** Fixed, so the seed reads the same on every start. */
export const SEED_PUBLISHED_AT = '2024-12-20T02:00:00.000Z';

/** The source document's example: 湖南 cuts the employer pension rate from 16 % to 15 %, here for 长沙. */
export const CHANGSHA_PENSION_2025: PolicyFeedEntry = {
  cityCode: '430100',
  insuranceType: 'PENSION',
  industryClass: null,
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  employerRatePercent: '15',
  employeeRatePercent: '8',
  baseFloor: '3604',
  baseCap: '18021',
  roundingScale: 2,
  roundingMode: 'HALF_UP',
  hireMonth: { cutoffDay: 15, onOrBefore: 'FULL', after: 'HALF' },
  leaveMonth: { cutoffDay: 15, onOrBefore: 'NONE', after: 'FULL' },
  baseSwitchMonth: 1,
  source: '源文档示例:湖南省单位养老保险缴费比例由 16% 调整为 15%(示例数据,日期为示意)',
  publishedAt: SEED_PUBLISHED_AT,
};

export const SEED_POLICY_FEED: readonly PolicyFeedEntry[] = [CHANGSHA_PENSION_2025];
