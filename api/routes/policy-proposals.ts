import { Router } from 'express';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { fromDbDate } from '../../prisma/dates';
import { policyDecisionUpdate, type PolicyDecision } from '../../workflows/maintenance/messages';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { approveSchema, proposalsQuerySchema, rejectSchema } from '../schemas/maintenance';
import { parseOrThrow } from '../validation';

/** Every read of the policy feed: accepted with the proposals it made, or refused with every reason. */
export function policyFeedSyncsRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ syncs: await deps.db.policyFeedSync.findMany({ orderBy: { fetchedAt: 'desc' }, take: 100 }) });
  });
  return router;
}

export function policyProposalsRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { status } = parseOrThrow(proposalsQuerySchema, req.query);
    const proposals = await deps.db.policyProposal.findMany({ where: status ? { status } : {}, orderBy: { createdAt: 'desc' }, take: 500 });
    res.json({ proposals: proposals.map((proposal) => ({ ...proposal, effectiveFrom: fromDbDate(proposal.effectiveFrom) })) });
  });

  /** The decision goes to the proposal's workflow as an Update: it answers once the decision took effect. */
  const decide = async (id: string, decision: PolicyDecision, locals: Record<string, unknown>) => {
    const proposal = await deps.db.policyProposal.findUnique({ where: { id } });
    locals.auditBefore = proposal;
    if (!proposal) throw notFound('政策变更提案');
    if (proposal.status !== 'PENDING') throw new ApiError(409, 'PROPOSAL_DECIDED', `该提案已${proposal.status === 'APPROVED' ? '批准' : '驳回'},不能再次决定`);
    try {
      return await deps.temporal.workflow.getHandle(id).executeUpdate(policyDecisionUpdate, { args: [decision] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new ApiError(409, 'PROPOSAL_DECISION_REFUSED', error.cause?.message ?? '无法做出该决定');
      throw error;
    }
  };

  router.post('/:id/approve', async (req, res) => {
    const { decidedBy } = parseOrThrow(approveSchema, req.body);
    res.json(await decide(req.params.id, { kind: 'APPROVE', decidedBy }, res.locals));
  });

  router.post('/:id/reject', async (req, res) => {
    const { decidedBy, reason } = parseOrThrow(rejectSchema, req.body);
    res.json(await decide(req.params.id, { kind: 'REJECT', decidedBy, reason }, res.locals));
  });

  return router;
}
