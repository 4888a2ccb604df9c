import { z } from 'zod';
import { isValidIsoMonth } from '../../domain/months';

const person = (label: string) => z.string({ error: `缺少${label}` }).trim().min(1, `${label}不能为空`).max(100, `${label}过长`);

export const monthParamSchema = z.string().refine(isValidIsoMonth, { message: '月份格式应为 YYYY-MM', params: { code: 'INVALID_MONTH' } });

export const findingsQuerySchema = z.object({
  kind: z.string().trim().max(40).optional(),
  limit: z.coerce.number({ error: 'limit 应为整数' }).int().min(1, 'limit 至少为 1').max(1000, 'limit 最多为 1000').default(200),
  after: z.string().max(200).default(''),
});

export const mergeSchema = z.object(
  { keepEmployeeId: z.string({ error: '缺少保留的员工编号' }).trim().min(1, '保留的员工编号不能为空'), mergedBy: person('操作人') },
  { error: '请求体应为 JSON 对象' },
);

export const approveSchema = z.object({ decidedBy: person('审批人') }, { error: '请求体应为 JSON 对象' });
export const rejectSchema = z.object({ decidedBy: person('审批人'), reason: person('驳回理由') }, { error: '请求体应为 JSON 对象' });
export const proposalsQuerySchema = z.object({ status: z.enum(['PENDING', 'APPROVED', 'REJECTED'], { error: '状态应为 PENDING / APPROVED / REJECTED' }).optional() });

const instant = (label: string) =>
  z.string({ error: `缺少${label}` }).refine((value) => !Number.isNaN(Date.parse(value)), { message: `${label}应为日期时间,如 2026-10-01T00:00:00+08:00`, params: { code: 'INVALID_INSTANT' } });

export const scheduleNoteSchema = z.object({ note: z.string().max(500, '说明过长').optional() }, { error: '请求体应为 JSON 对象' }).default({});
export const backfillSchema = z
  .object({ from: instant('开始时间'), to: instant('结束时间') }, { error: '请求体应为 JSON 对象' })
  .refine((range) => Date.parse(range.from) < Date.parse(range.to), { message: '开始时间应早于结束时间', path: ['to'], params: { code: 'INVALID_RANGE' } })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 366 * 24 * 3600 * 1000, { message: '补跑范围最长一年', path: ['to'], params: { code: 'RANGE_TOO_LONG' } });
