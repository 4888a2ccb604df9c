import { Router } from 'express';
import { ScheduleNotFoundError, ScheduleOverlapPolicy } from '@temporalio/client';
import { SCHEDULE_ID_LIST, type ScheduleId } from '../../worker/schedules';
import type { AppDeps } from '../deps';
import { notFound } from '../errors';
import { backfillSchema, scheduleNoteSchema } from '../schemas/maintenance';
import { parseOrThrow } from '../validation';

export function schedulesRouter(deps: AppDeps): Router {
  const router = Router();

  const handleOf = (id: string) => {
    if (!SCHEDULE_ID_LIST.includes(id as ScheduleId)) throw notFound('计划任务');
    return deps.temporal.schedule.getHandle(id);
  };
  const describe = async (id: string) => {
    try {
      const description = await handleOf(id).describe();
      return {
        id,
        paused: description.state.paused,
        note: description.state.note ?? null,
        nextRuns: description.info.nextActionTimes.slice(0, 3),
        recentRuns: description.info.recentActions.slice(-5).map((action) => ({ scheduledAt: action.scheduledAt, takenAt: action.takenAt, workflowId: action.action.workflow.workflowId })),
        runningWorkflows: description.info.runningActions.map((action) => action.workflow.workflowId),
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw notFound('计划任务');
      throw error;
    }
  };

  router.get('/', async (_req, res) => {
    res.json({ schedules: await Promise.all(SCHEDULE_ID_LIST.map((id) => describe(id).catch(() => ({ id, missing: true })))) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await describe(req.params.id));
  });

  router.post('/:id/trigger', async (req, res) => {
    await describe(req.params.id);
    // A manual run even while the schedule is paused or a run is going: ops asked for it.
    await handleOf(req.params.id).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    res.status(202).json(await describe(req.params.id));
  });
  router.post('/:id/pause', async (req, res) => {
    const { note } = parseOrThrow(scheduleNoteSchema, req.body);
    res.locals.auditBefore = await describe(req.params.id);
    await handleOf(req.params.id).pause(note ?? '通过接口暂停');
    res.json(await describe(req.params.id));
  });
  router.post('/:id/unpause', async (req, res) => {
    const { note } = parseOrThrow(scheduleNoteSchema, req.body);
    res.locals.auditBefore = await describe(req.params.id);
    await handleOf(req.params.id).unpause(note ?? '通过接口恢复');
    res.json(await describe(req.params.id));
  });
  /** Runs the schedule for the times it would have fired in [from, to), e.g. a month the cleanup missed. */
  router.post('/:id/backfill', async (req, res) => {
    const { from, to } = parseOrThrow(backfillSchema, req.body);
    res.locals.auditBefore = await describe(req.params.id);
    await handleOf(req.params.id).backfill({ start: new Date(from), end: new Date(to), overlap: ScheduleOverlapPolicy.ALLOW_ALL });
    res.status(202).json(await describe(req.params.id));
  });

  return router;
}
