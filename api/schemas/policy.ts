import { z } from 'zod';
import { isValidIsoDate } from '../../domain/business-date';
import { INSURANCE_TYPES } from '../../domain/contributions/insurance-types';
import { MONTH_SHARES, ROUNDING_MODES } from '../../domain/contributions/policy';
import { findCity } from '../../domain/regions';

const decimalText = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value),
    z.string({ error: `${label}应为数字字符串` }).regex(/^\d+(\.\d+)?$/, `${label}应为不小于 0 的十进制数字`),
  );
const date = (label: string) => z.string({ error: `${label}应为日期字符串` }).refine(isValidIsoDate, `${label}应为存在的日期,格式 YYYY-MM-DD`);
const monthRule = (label: string) =>
  z.object(
    {
      cutoffDay: z.number({ error: `${label}截止日应为整数` }).int(`${label}截止日应为整数`),
      onOrBefore: z.enum(MONTH_SHARES, { error: `${label}应为 FULL / HALF / NONE` }),
      after: z.enum(MONTH_SHARES, { error: `${label}应为 FULL / HALF / NONE` }),
    },
    { error: `${label}规则应为对象` },
  );

/**
 * A new version. Terms left out are taken from the version in force on `effectiveFrom`, so that
 * "employer pension 16% → 15% from 2023-01-01" is one field, not the whole policy retyped.
 */
export const createPolicySchema = z.object(
  {
    cityCode: z.string({ error: '缺少城市代码' }).refine((code) => findCity(code) !== undefined, { message: '不支持的城市代码', params: { code: 'UNKNOWN_CITY' } }),
    insuranceType: z.enum(INSURANCE_TYPES, { error: `险种应为 ${INSURANCE_TYPES.join(' / ')} 之一` }),
    industryClass: z.number({ error: '行业类别应为 1 到 8 的整数' }).int('行业类别应为整数').nullable().optional(),
    effectiveFrom: date('生效日期'),
    effectiveTo: date('截止日期').nullable().optional(),
    employerRatePercent: decimalText('单位费率').optional(),
    employeeRatePercent: decimalText('个人费率').optional(),
    baseFloor: decimalText('基数下限').optional(),
    baseCap: decimalText('基数上限').optional(),
    roundingScale: z.number({ error: '保留小数位应为整数' }).int('保留小数位应为整数').optional(),
    roundingMode: z.enum(ROUNDING_MODES, { error: `舍入方式应为 ${ROUNDING_MODES.join(' / ')} 之一` }).optional(),
    hireMonth: monthRule('入职当月').optional(),
    leaveMonth: monthRule('离职当月').optional(),
    baseSwitchMonth: z.number({ error: '基数调整月份应为 1 到 12 的整数' }).int().optional(),
    source: z.string({ error: '缺少依据(文件名或链接)' }).trim().min(1, '依据不能为空').max(500, '依据过长'),
    note: z.string({ error: '备注应为文本' }).max(1000, '备注过长').default(''),
  },
  { error: '请求体应为 JSON 对象' },
);

export type CreatePolicyRequest = z.infer<typeof createPolicySchema>;
