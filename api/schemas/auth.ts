import { z } from 'zod';
import { ROLES } from '../auth/roles';

const username = z.string({ error: '缺少用户名' }).trim().min(3, '用户名至少 3 个字符').max(50, '用户名最多 50 个字符').regex(/^[A-Za-z0-9._-]+$/, '用户名只能包含字母、数字、点、下划线和连字符');
const password = z.string({ error: '缺少密码' }).min(10, '密码至少 10 个字符').max(200, '密码过长');
const role = z.enum(ROLES, { error: `角色应为 ${ROLES.join(' / ')} 之一` });

export const loginSchema = z.object({ username: z.string({ error: '缺少用户名' }).max(50), password: z.string({ error: '缺少密码' }).max(200) }, { error: '请求体应为 JSON 对象' });
export const createUserSchema = z.object(
  { username, displayName: z.string({ error: '缺少姓名' }).trim().min(1, '姓名不能为空').max(50, '姓名过长'), password, role },
  { error: '请求体应为 JSON 对象' },
);
export const updateUserSchema = z
  .object({ role: role.optional(), active: z.boolean({ error: 'active 应为 true 或 false' }).optional(), password: password.optional() }, { error: '请求体应为 JSON 对象' })
  .refine((update) => Object.keys(update).length > 0, { message: '没有要修改的内容' });
export const serviceTokenSchema = z.object(
  {
    name: z.string({ error: '缺少名称' }).trim().min(1, '名称不能为空').max(100, '名称过长'),
    role,
    days: z.number({ error: '有效天数应为整数' }).int('有效天数应为整数').min(1, '至少 1 天').max(366, '最多 366 天').default(90),
  },
  { error: '请求体应为 JSON 对象' },
);
export const auditQuerySchema = z.object({
  entity: z.string().max(50).optional(),
  actor: z.string().max(50).optional(),
  limit: z.coerce.number({ error: 'limit 应为整数' }).int().min(1).max(500, 'limit 最多为 500').default(100),
  before: z.coerce.number({ error: 'before 应为审计编号' }).int().min(1).optional(),
});
