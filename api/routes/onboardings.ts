import { Router } from 'express';
import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { hrDecisionUpdate, onboardingStateQuery } from '../../workflows/onboarding/messages';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { submitOnboarding } from '../onboardings/submit';
import { loadOnboardingView } from '../onboardings/view';
import { hrDecisionSchema, onboardingRequestSchema } from '../schemas/onboarding';
import { parseOrThrow } from '../validation';

export function onboardingsRouter(deps: AppDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const request = parseOrThrow(onboardingRequestSchema(deps.today()), req.body);
    const onboarding = await submitOnboarding(deps, request);
    res.status(202).json({ id: onboarding.id, workflowId: onboarding.workflowId, status: onboarding.status });
  });

  router.get('/:id', async (req, res) => {
    res.json(await loadOnboardingView(deps.db, req.params.id));
  });

  /** Live state straight from the running workflow (needs a worker to answer). */
  router.get('/:id/state', async (req, res) => {
    const onboarding = await deps.db.onboardingCase.findUnique({ where: { id: req.params.id } });
    if (!onboarding) throw notFound('入职参保申请');
    res.json(await deps.temporal.workflow.getHandle(onboarding.workflowId).query(onboardingStateQuery));
  });

  router.post('/:id/decisions', async (req, res) => {
    const decision = parseOrThrow(hrDecisionSchema, req.body);
    const onboarding = await deps.db.onboardingCase.findUnique({ where: { id: req.params.id } });
    if (!onboarding) throw notFound('入职参保申请');
    res.locals.auditBefore = { id: onboarding.id, status: onboarding.status, classification: onboarding.classification };
    try {
      const state = await deps.temporal.workflow
        .getHandle(onboarding.workflowId)
        .executeUpdate(hrDecisionUpdate, { args: [decision] });
      res.json({ id: onboarding.id, status: state.status, classification: state.classification, decision: state.decision });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new ApiError(409, 'DECISION_REJECTED', error.cause?.message ?? '当前状态不接受此决定');
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new ApiError(409, 'ONBOARDING_CLOSED', '该入职参保流程已结束,不再接受决定');
      }
      throw error;
    }
  });

  return router;
}
