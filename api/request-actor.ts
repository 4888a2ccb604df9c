import type { Request } from 'express';

/**
 * Who made a change, for the rows that record it. Until sign-in exists this is what the client says
 * in `x-actor` (or "api"); authentication will replace it with the signed-in user.
 */
export function requestActor(req: Request): string {
  const claimed = req.get('x-actor')?.trim();
  return claimed ? claimed.slice(0, 100) : 'api';
}
