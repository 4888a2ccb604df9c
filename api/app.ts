import express from 'express';
import type { AppDeps } from './deps';
import { createErrorHandler, unknownRoute } from './errors';
import { employeesRouter } from './routes/employees';
import { healthRouter } from './routes/health';
import { onboardingsRouter } from './routes/onboardings';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  app.use(healthRouter(deps));
  app.use('/api/onboardings', onboardingsRouter(deps));
  app.use('/api/employees', employeesRouter(deps));
  app.use(unknownRoute);
  app.use(createErrorHandler(deps.logError));
  return app;
}
