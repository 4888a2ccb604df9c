import { Router } from 'express';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { mergeDuplicates } from '../maintenance/merge-duplicates';
import { findingsQuerySchema, mergeSchema, monthParamSchema } from '../schemas/maintenance';
import { parseOrThrow } from '../validation';

export function cleanupReportsRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json({ reports: await deps.db.cleanupRun.findMany({ orderBy: { month: 'desc' }, take: 120 }) });
  });

  /** The month's report, with its findings a page at a time (by id), optionally of one kind. */
  router.get('/:month', async (req, res) => {
    const month = parseOrThrow(monthParamSchema, req.params.month);
    const query = parseOrThrow(findingsQuerySchema, req.query);
    const report = await deps.db.cleanupRun.findUnique({ where: { month } });
    if (!report) throw notFound('清理报告');
    const findings = await deps.db.cleanupFinding.findMany({
      where: { month, id: { gt: query.after }, ...(query.kind ? { kind: query.kind } : {}) },
      orderBy: { id: 'asc' },
      take: query.limit,
    });
    res.json({ report, findings, next: findings.length === query.limit ? findings.at(-1)!.id : null });
  });

  return router;
}

export function duplicatesRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/:id/merge', async (req, res) => {
    const { keepEmployeeId, mergedBy } = parseOrThrow(mergeSchema, req.body);
    res.locals.auditBefore = await deps.db.cleanupFinding.findUnique({ where: { id: req.params.id } });
    res.json(await mergeDuplicates(deps.db, req.params.id, keepEmployeeId, mergedBy));
  });
  return router;
}
