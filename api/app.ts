import express from 'express';
import type { AppDeps } from './deps';
import { createErrorHandler, unknownRoute } from './errors';
import { cleanupReportsRouter, duplicatesRouter } from './routes/cleanup';
import { contributionRunsRouter } from './routes/contribution-runs';
import { contributionsRouter } from './routes/contributions';
import { employeesRouter } from './routes/employees';
import { attendanceRouter, payrollRouter } from './routes/feeds';
import { healthRouter } from './routes/health';
import { notificationsRouter } from './routes/notifications';
import { onboardingsRouter } from './routes/onboardings';
import { policiesRouter } from './routes/policies';
import { policyFeedSyncsRouter, policyProposalsRouter } from './routes/policy-proposals';
import { schedulesRouter } from './routes/schedules';
import { transfersRouter } from './routes/transfers';
import { webhooksRouter } from './routes/webhooks';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Before the JSON parser: webhook signatures are checked over the raw bytes.
  app.use('/api/webhooks', webhooksRouter(deps));
  // Before the JSON parser too: feeds carry files far larger than any other request.
  app.use('/api/payroll', payrollRouter(deps));
  app.use('/api/attendance', attendanceRouter(deps));
  app.use(express.json({ limit: '100kb' }));
  app.use(healthRouter(deps));
  app.use('/api/onboardings', onboardingsRouter(deps));
  app.use('/api/employees', employeesRouter(deps));
  app.use('/api/transfers', transfersRouter(deps));
  app.use('/api/notifications', notificationsRouter(deps));
  app.use('/api/policies', policiesRouter(deps));
  app.use('/api/contribution-runs', contributionRunsRouter(deps));
  app.use('/api/contributions', contributionsRouter(deps));
  app.use('/api/cleanup-reports', cleanupReportsRouter(deps));
  app.use('/api/duplicates', duplicatesRouter(deps));
  app.use('/api/policy-proposals', policyProposalsRouter(deps));
  app.use('/api/policy-feed-syncs', policyFeedSyncsRouter(deps));
  app.use('/api/schedules', schedulesRouter(deps));
  app.use(unknownRoute);
  app.use(createErrorHandler(deps.logError));
  return app;
}
