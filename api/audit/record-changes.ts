import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { authenticationOf } from '../auth/authenticate';
import { redactFor, withoutSecrets } from '../auth/personal-data';
import type { RouteEntry } from '../route-table';

/** The id a change concerns: the route's own parameter, else what the answer names. */
function entityIdOf(params: Record<string, unknown>, body: unknown): string | null {
  const fromParams = params.id ?? params.month ?? params.city;
  if (typeof fromParams === 'string') return fromParams;
  const answer = body as Record<string, unknown> | undefined;
  const candidates = [answer?.id, answer?.runId, answer?.importId, (answer?.version as { id?: unknown } | undefined)?.id, answer?.workflowId];
  const found = candidates.find((candidate) => typeof candidate === 'string');
  return (found as string | undefined) ?? null;
}

/**
 * For routes that change something: before the answer leaves, an append-only audit entry records
 * who (user and role), what (entity, id, the request and the answer, ID numbers masked), when and
 * under which request id. A handler that knows the state before sets res.locals.auditBefore.
 */
export function recordChanges(db: Database): RequestHandler {
  return (req, res, next) => {
    const route = res.locals.route as RouteEntry | undefined;
    const auth = authenticationOf(res.locals);
    if (!route?.audit || !auth) return next();
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 200 || res.statusCode >= 300) return send(body);
      const redacted = (value: unknown) => (value === undefined ? undefined : (withoutSecrets(redactFor('hr_staff', value)) as object));
      db.auditEntry
        .create({
          data: {
            actor: auth.actor,
            role: auth.role,
            action: `${req.method} ${route.path}`,
            entity: route.audit!,
            entityId: entityIdOf((res.locals.routeParams ?? {}) as Record<string, unknown>, body),
            before: redacted(res.locals.auditBefore),
            after: redacted({ request: req.body && typeof req.body === 'object' ? req.body : undefined, response: body }),
            requestId: String(res.locals.requestId ?? req.get('x-request-id') ?? ''),
            status: res.statusCode,
          },
        })
        .then(() => send(body), next);
      return res;
    };
    next();
  };
}
