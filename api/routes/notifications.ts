import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { parseOrThrow } from '../validation';

export const notificationsQuerySchema = z.object({
  kind: z.string({ error: '通知类型应为单个值' }).regex(/^[A-Z_]{1,40}$/, '通知类型格式不正确').optional(),
  entityId: z.string({ error: '对象编号应为单个值' }).min(1, '对象编号不能为空').max(200, '对象编号过长').optional(),
  limit: z.coerce.number({ error: '条数应为数字' }).int('条数应为整数').min(1, '条数至少为1').max(500, '条数最多500').default(100),
});

export function notificationsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseOrThrow(notificationsQuerySchema, req.query);
    const notifications = await deps.db.notification.findMany({
      where: { kind: query.kind, entityId: query.entityId },
      orderBy: { createdAt: 'desc' },
      take: query.limit,
      select: { id: true, kind: true, title: true, message: true, entityType: true, entityId: true, createdAt: true, readAt: true },
    });
    res.json({ notifications });
  });
  return router;
}
