import { z } from 'zod';
import { TRANSFER_STATUSES } from '../../domain/transfer';
import { findCity } from '../../domain/regions';
import { TRANSFER_ACTIONS } from '../../workflows/transfer/messages';

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `缺少${field}` : `${field}应为字符串`) });

export const startTransferSchema = z.object(
  {
    employeeId: requiredString('员工编号').trim().min(1, '员工编号不能为空').max(64, '员工编号过长'),
    originCity: requiredString('转出地城市代码').refine((code) => findCity(code) !== undefined, {
      message: '不支持的转出地城市代码',
      params: { code: 'UNKNOWN_CITY' },
    }),
  },
  { error: '请求体应为 JSON 对象' },
);

export const transferActionSchema = z.object(
  {
    action: z.enum(TRANSFER_ACTIONS, { error: `操作应为 ${TRANSFER_ACTIONS.join(' / ')} 之一` }),
    note: requiredString('说明').trim().min(1, '说明不能为空').max(500, '说明不能超过500个字符'),
    actor: requiredString('操作人').trim().min(1, '操作人不能为空').max(100, '操作人不能超过100个字符'),
    corrections: z
      .strictObject(
        { name: z.string({ error: '姓名应为字符串' }).trim().min(1, '更正的姓名不能为空').max(50, '更正的姓名过长').optional() },
        { error: (issue) => (issue.code === 'unrecognized_keys' ? '只能更正 name(姓名)' : '更正内容应为对象') },
      )
      .optional(),
  },
  { error: '请求体应为 JSON 对象' },
);

export const transferListQuerySchema = z.object({
  status: z.enum(TRANSFER_STATUSES, { error: `状态应为 ${TRANSFER_STATUSES.join(' / ')} 之一` }).optional(),
  city: z
    .string({ error: '城市代码应为单个值' })
    .refine((code) => findCity(code) !== undefined, { message: '不支持的城市代码', params: { code: 'UNKNOWN_CITY' } })
    .optional(),
});

/** What the e-sign provider posts; anything else is refused before it reaches a workflow. */
export const esignEventSchema = z.object({
  eventId: z.string().min(1).max(100),
  type: z.literal('signing.completed'),
  requestId: z.string().min(1).max(100),
  externalRef: z.string().min(1).max(200),
  documentHash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.string().datetime({ offset: true }),
});
