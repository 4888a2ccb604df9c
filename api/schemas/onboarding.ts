import { z } from 'zod';
import { addDays, isValidIsoDate } from '../../domain/business-date';
import { parseIdNumber } from '../../domain/id-number';
import { findCity } from '../../domain/regions';
import { HR_DECISION_KINDS } from '../../workflows/onboarding/messages';

/** How far from today a hire date may lie; outside this window it is almost surely a typo. */
const HIRE_DATE_MAX_DAYS_AHEAD = 90;
const HIRE_DATE_MAX_DAYS_BACK = 365;
const NAME_PATTERN = /^[\p{Script=Han}A-Za-z·.\s-]+$/u;
const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `缺少${field}` : `${field}应为字符串`) });

export function onboardingRequestSchema(today: string) {
  return z.object({
    name: requiredString('姓名')
      .trim()
      .min(1, '姓名不能为空')
      .max(50, '姓名不能超过50个字符')
      .regex(NAME_PATTERN, '姓名只能包含汉字、字母、间隔号和空格'),
    idNumber: requiredString('身份证号码').transform((raw, ctx) => {
      const parsed = parseIdNumber(raw, today);
      if (parsed.ok) return parsed.value;
      for (const error of parsed.errors) ctx.addIssue({ code: 'custom', message: error.message, params: { code: error.code } });
      return z.NEVER;
    }),
    hireDate: requiredString('入职日期').superRefine((value, ctx) => {
      if (!isValidIsoDate(value)) {
        ctx.addIssue({ code: 'custom', message: '入职日期应为存在的日期,格式 YYYY-MM-DD', params: { code: 'INVALID_DATE' } });
      } else if (value > addDays(today, HIRE_DATE_MAX_DAYS_AHEAD)) {
        ctx.addIssue({ code: 'custom', message: `入职日期不能晚于今天之后${HIRE_DATE_MAX_DAYS_AHEAD}天`, params: { code: 'HIRE_DATE_TOO_LATE' } });
      } else if (value < addDays(today, -HIRE_DATE_MAX_DAYS_BACK)) {
        ctx.addIssue({ code: 'custom', message: `入职日期不能早于一年前`, params: { code: 'HIRE_DATE_TOO_EARLY' } });
      }
    }),
    workCity: requiredString('参保城市').refine((code) => findCity(code) !== undefined, {
      message: '不支持的参保城市代码',
      params: { code: 'UNKNOWN_CITY' },
    }),
    monthlyGrossWage: requiredString('月应发工资')
      .regex(MONEY_PATTERN, '月应发工资应为金额字符串,最多两位小数,如 "10000.00"')
      .refine((value) => Number(value) > 0, { message: '月应发工资必须大于0', params: { code: 'NOT_POSITIVE' } }),
  }, { error: '请求体应为 JSON 对象' });
}

export type OnboardingRequest = z.infer<ReturnType<typeof onboardingRequestSchema>>;

export const hrDecisionSchema = z.object({
  kind: z.enum(HR_DECISION_KINDS, { error: `决定类型应为 ${HR_DECISION_KINDS.join(' / ')} 之一` }),
  note: requiredString('说明').trim().min(1, '说明不能为空').max(500, '说明不能超过500个字符'),
  decidedBy: requiredString('决定人').trim().min(1, '决定人不能为空').max(100, '决定人不能超过100个字符'),
}, { error: '请求体应为 JSON 对象' });
