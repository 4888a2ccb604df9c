import type { RequestHandler } from 'express';
import { authenticationOf } from './authenticate';
import { redactFor } from './personal-data';

/** Every JSON answer to a signed-in caller passes through the role's view of personal data. */
export const maskAnswers: RequestHandler = (_req, res, next) => {
  const auth = authenticationOf(res.locals);
  if (auth) {
    const send = res.json.bind(res);
    res.json = (body: unknown) => send(redactFor(auth.role, body));
  }
  next();
};
