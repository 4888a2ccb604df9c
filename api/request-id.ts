import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** The caller's x-request-id when it is a sane token, else a new one; echoed back and logged. */
export const assignRequestId: RequestHandler = (req, res, next) => {
  const offered = req.get('x-request-id');
  const requestId = offered && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
  res.locals.requestId = requestId;
  res.set('x-request-id', requestId);
  next();
};
