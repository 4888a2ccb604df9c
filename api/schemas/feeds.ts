import { z } from 'zod';
import { addDays, isValidIsoDate, type IsoDate } from '../../domain/business-date';
import { parseIdNumber } from '../../domain/id-number';
import { isValidIsoMonth } from '../../domain/months';
import type { HeaderAliases } from '../feeds/read-feed';

const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;
/** Attendance may announce a hire or a leave ahead of time, but not by more than this. */
const ATTENDANCE_MAX_DAYS_AHEAD = 90;

// CSV cells arrive as strings and an empty cell means "absent"; JSON may send money as a number.
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const numberToString = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value);

const text = (label: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `缺少${label}` : `${label}应为文本`) });

const money = (label: string) =>
  z.preprocess(
    (value) => numberToString(blankToUndefined(value)),
    text(label).regex(MONEY_PATTERN, `${label}应为不小于 0 的金额,最多两位小数,如 "10000.00"`),
  );

function employeeReference(today: IsoDate) {
  return {
    employeeId: z.preprocess(blankToUndefined, text('员工编号').trim().min(1).max(64, '员工编号过长').optional()),
    idNumber: z.preprocess(
      blankToUndefined,
      text('身份证号码')
        .transform((raw, ctx) => {
          const parsed = parseIdNumber(raw, today);
          if (parsed.ok) return parsed.value.idNumber;
          for (const error of parsed.errors) ctx.addIssue({ code: 'custom', message: error.message, params: { code: error.code } });
          return z.NEVER;
        })
        .optional(),
    ),
  };
}

function requireEmployee(row: { employeeId?: string; idNumber?: string }, ctx: z.RefinementCtx) {
  if (!row.employeeId && !row.idNumber) {
    ctx.addIssue({ code: 'custom', path: ['employeeId'], message: '缺少员工编号或身份证号码', params: { code: 'EMPLOYEE_REQUIRED' } });
  }
}

const rowObject = { error: '每一行应为对象' } as const;

export function payrollRowSchema(currentMonth: string) {
  return z
    .object(
      {
        month: text('月份').refine(isValidIsoMonth, { message: '月份格式应为 YYYY-MM', params: { code: 'INVALID_MONTH' }, abort: true }).refine((month) => month <= currentMonth, {
          message: '不能导入未来月份的工资',
          params: { code: 'FUTURE_MONTH' },
        }),
        ...employeeReference(`${currentMonth}-28`),
        grossPay: money('应发工资'),
        netPay: money('实发工资'),
      },
      rowObject,
    )
    .superRefine((row, ctx) => {
      requireEmployee(row, ctx);
      if (Number(row.netPay) > Number(row.grossPay)) {
        ctx.addIssue({ code: 'custom', path: ['netPay'], message: '实发工资不能高于应发工资(缴费基数按应发工资计算)', params: { code: 'NET_ABOVE_GROSS' } });
      }
    });
}

export type PayrollRow = z.infer<ReturnType<typeof payrollRowSchema>>;

export const PAYROLL_HEADERS: HeaderAliases = {
  month: ['月份', '工资月份'],
  employeeId: ['员工编号', 'employee_id'],
  idNumber: ['身份证号码', '身份证号', 'id_number'],
  grossPay: ['应发工资', '应发', 'gross', 'gross_pay'],
  netPay: ['实发工资', '实发', 'net', 'net_pay'],
};

export const ATTENDANCE_KINDS = ['HIRE', 'LEAVE', 'TERMINATION'] as const;
const ATTENDANCE_KIND_ALIASES: Record<string, (typeof ATTENDANCE_KINDS)[number]> = { 入职: 'HIRE', 离职: 'LEAVE', 解除劳动合同: 'TERMINATION', 终止: 'TERMINATION' };

export function attendanceRowSchema(today: IsoDate) {
  return z
    .object(
      {
        ...employeeReference(today),
        kind: z.preprocess(
          (value) => (typeof value === 'string' ? (ATTENDANCE_KIND_ALIASES[value.trim()] ?? value.trim().toUpperCase()) : value),
          z.enum(ATTENDANCE_KINDS, { error: '类型应为 入职 / 离职 / 终止(HIRE / LEAVE / TERMINATION)' }),
        ),
        date: text('日期')
          .refine(isValidIsoDate, { message: '日期应为存在的日期,格式 YYYY-MM-DD', params: { code: 'INVALID_DATE' } })
          .refine((date) => date <= addDays(today, ATTENDANCE_MAX_DAYS_AHEAD), {
            message: `日期不能晚于今天之后 ${ATTENDANCE_MAX_DAYS_AHEAD} 天`,
            params: { code: 'DATE_TOO_LATE' },
          }),
      },
      rowObject,
    )
    .superRefine(requireEmployee);
}

export type AttendanceRow = z.infer<ReturnType<typeof attendanceRowSchema>>;

export const ATTENDANCE_HEADERS: HeaderAliases = {
  employeeId: ['员工编号', 'employee_id'],
  idNumber: ['身份证号码', '身份证号', 'id_number'],
  kind: ['类型', '事件'],
  date: ['日期'],
};
