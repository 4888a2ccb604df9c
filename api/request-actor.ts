import type { Request, Response } from 'express';
import { authenticationOf } from './auth/authenticate';

/** Who made a change, for the rows that record it: the signed-in user. */
export function requestActor(_req: Request, res: Response): string {
  return authenticationOf(res.locals)?.actor ?? 'unknown';
}
