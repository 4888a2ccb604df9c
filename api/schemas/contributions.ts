import { z } from 'zod';
import { isValidIsoMonth } from '../../domain/months';

const month = z.string({ error: '缺少月份' }).refine(isValidIsoMonth, { message: '月份格式应为 YYYY-MM', params: { code: 'INVALID_MONTH' }, abort: true });
const companyId = z.string({ error: '单位编号应为文本' }).trim().min(1, '单位编号不能为空').max(64, '单位编号过长').default('default');

export function startRunSchema(currentMonth: string) {
  return z.object(
    {
      month: month.refine((value) => value <= currentMonth, { message: '不能计算未来月份', params: { code: 'FUTURE_MONTH' } }),
      companyId,
    },
    { error: '请求体应为 JSON 对象' },
  );
}

export const finalizeRunSchema = z.object(
  { finalizedBy: z.string({ error: '缺少确认人' }).trim().min(1, '确认人不能为空').max(100, '确认人过长') },
  { error: '请求体应为 JSON 对象' },
);

export const contributionsQuerySchema = z.object({
  month,
  companyId,
  employeeId: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number({ error: 'limit 应为整数' }).int('limit 应为整数').min(1, 'limit 至少为 1').max(1000, 'limit 最多为 1000').default(200),
  after: z.coerce.number({ error: 'after 应为行号' }).int().min(0).default(0),
});

export const summaryQuerySchema = z.object({ month, companyId });
