import { startCounted } from '../workflow-starts';
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { contributionRunWorkflow } from '../../workflows';
import { contributionRunId, contributionRunWorkflowId } from '../../workflows/contributions/ids';
import { contributionRunProgressQuery } from '../../workflows/contributions/messages';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { finalizeRunSchema, startRunSchema } from '../schemas/contributions';
import { parseOrThrow } from '../validation';

export function contributionRunsRouter(deps: AppDeps): Router {
  const router = Router();

  /** Runs (or re-runs) a month as a workflow; a finalized month is locked. */
  router.post('/', async (req, res) => {
    const { month, companyId } = parseOrThrow(startRunSchema(deps.today().slice(0, 7)), req.body);
    const company = await deps.db.company.findUnique({ where: { id: companyId } });
    if (!company) throw notFound('用人单位');
    const runId = contributionRunId(companyId, month);
    const existing = await deps.db.contributionRun.findUnique({ where: { id: runId } });
    if (existing?.status === 'FINALIZED') throw new ApiError(409, 'CONTRIBUTION_MONTH_FINALIZED', `${month} 已结算锁定,不能重新计算;政策变化会生成补缴/退费调整`);
    const workflowId = contributionRunWorkflowId(companyId, month);
    try {
      await startCounted(deps, 'contributionRunWorkflow', () => deps.temporal.workflow.start(contributionRunWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ companyId, month }] }));
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      res.status(202).json({ runId, workflowId, alreadyRunning: true });
      return;
    }
    res.status(202).json({ runId, workflowId, alreadyRunning: false });
  });

  router.get('/:id', async (req, res) => {
    const run = await deps.db.contributionRun.findUnique({ where: { id: req.params.id } });
    if (!run) throw notFound('缴费计算');
    const progress = run.status === 'RUNNING' ? await deps.temporal.workflow.getHandle(run.workflowId).query(contributionRunProgressQuery).catch(() => null) : null;
    res.json({ ...run, progress });
  });

  /** Locks a computed month: from now on only adjustment lines are added to it. */
  router.post('/:id/finalize', async (req, res) => {
    const { finalizedBy } = parseOrThrow(finalizeRunSchema, req.body);
    res.locals.auditBefore = await deps.db.contributionRun.findUnique({ where: { id: req.params.id } });
    const updated = await deps.db.contributionRun.updateMany({
      where: { id: req.params.id, status: 'DRAFT' },
      data: { status: 'FINALIZED', finalizedAt: new Date(), finalizedBy },
    });
    if (updated.count === 0) {
      const run = await deps.db.contributionRun.findUnique({ where: { id: req.params.id } });
      if (!run) throw notFound('缴费计算');
      throw new ApiError(409, 'RUN_NOT_DRAFT', run.status === 'FINALIZED' ? '该月已结算锁定' : '该月仍在计算中,完成后才能结算');
    }
    res.json(await deps.db.contributionRun.findUnique({ where: { id: req.params.id } }));
  });

  return router;
}
