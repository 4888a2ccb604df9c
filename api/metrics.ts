import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RouteEntry } from './route-table';

/** The API's own metrics; the worker serves Temporal's (workflow and activity metrics) on its own port. */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'shebao_http_request_duration_seconds',
    help: 'API request latency by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const workflowStarts = new Counter({
    name: 'shebao_workflow_starts_total',
    help: 'Workflows started through the API, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });

  /** Labels use the route template (`/api/transfers/:id`), never the raw path, which may hold ids. */
  const measure: RequestHandler = (req, res, next) => {
    const stop = requestDuration.startTimer({ method: req.method });
    res.once('finish', () => {
      const route = (res.locals.route as RouteEntry | undefined)?.path ?? 'unmatched';
      stop({ route, status: String(res.statusCode) });
    });
    next();
  };

  return { registry, measure, workflowStarts };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
