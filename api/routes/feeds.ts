import express, { Router } from 'express';
import type { AppDeps } from '../deps';
import { importAttendance } from '../feeds/import-attendance';
import { importPayroll } from '../feeds/import-payroll';
import { requestActor } from '../request-actor';

const FEED_LIMIT = '20mb';

/** Payroll and attendance files are large: they get their own body limits, JSON or CSV. */
function feedParsers() {
  return [express.json({ limit: FEED_LIMIT }), express.text({ type: ['text/csv', 'text/plain'], limit: FEED_LIMIT })];
}

export function payrollRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/', ...feedParsers(), async (req, res) => {
    res.status(201).json(await importPayroll(deps, req, requestActor(req, res)));
  });
  return router;
}

export function attendanceRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/', ...feedParsers(), async (req, res) => {
    res.status(201).json(await importAttendance(deps, req, requestActor(req, res)));
  });
  return router;
}
