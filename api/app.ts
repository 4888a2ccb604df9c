import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { recordChanges } from './audit/record-changes';
import { authorize } from './auth/authenticate';
import { maskAnswers } from './auth/mask-answers';
import type { AppDeps } from './deps';
import { createErrorHandler, unknownRoute } from './errors';
import { createApiMetrics } from './metrics';
import { assignRequestId } from './request-id';
import { httpLog } from './http-log';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './openapi';
import { auditRouter, authRouter, serviceTokensRouter, usersRouter } from './routes/auth';
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
import { codecRouter } from './routes/codec';
import { payloadCodecFrom } from '../worker/payload-codec';
import { transfersRouter } from './routes/transfers';
import { webhooksRouter } from './routes/webhooks';
import { workflowsRouter } from './routes/workflows';

export function createApp(appDeps: AppDeps): express.Express {
  const deps: AppDeps = { ...appDeps, metrics: appDeps.metrics ?? createApiMetrics(), payloadCodec: appDeps.payloadCodec ?? payloadCodecFrom() };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(cors({ origin: deps.corsOrigins ?? [], allowedHeaders: ['authorization', 'content-type', 'x-namespace', 'x-request-id'], maxAge: 600 }));
  app.use(assignRequestId);
  if (deps.logger) app.use(httpLog(deps.logger));
  app.use(deps.metrics!.measure);
  // Every request passes the route table first: unknown routes 404, missing or weak tokens 401/403.
  app.use(authorize({ tokens: deps.auth.tokens, db: deps.db, codecTrustedOrigins: deps.codecTrustedOrigins ?? [] }));
  app.use(maskAnswers);
  app.use(recordChanges(deps.db));

  // Before the JSON parser: webhook signatures are checked over the raw bytes, and feeds carry files
  // far larger than any other request.
  app.use('/api/webhooks', webhooksRouter(deps));
  app.use('/api/payroll', payrollRouter(deps));
  app.use('/api/attendance', attendanceRouter(deps));
  app.use('/codec', express.json({ limit: '4mb' }), codecRouter(deps.payloadCodec!));
  app.use(express.json({ limit: '100kb' }));
  app.use(healthRouter(deps));
  const openApi = openApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'shebao-flow API' }));
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics!.registry.contentType).send(await deps.metrics!.registry.metrics());
  });
  app.use('/api/auth', authRouter(deps));
  app.use('/api/users', usersRouter(deps));
  app.use('/api/service-tokens', serviceTokensRouter(deps));
  app.use('/api/audit', auditRouter(deps));
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
  app.use('/api/workflows', workflowsRouter(deps));
  app.use(unknownRoute);
  app.use(createErrorHandler(deps.logError));
  return app;
}
