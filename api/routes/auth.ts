import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { UNKNOWN_USER_HASH, hashPassword, passwordMatches } from '../auth/passwords';
import { isRole, ROLE_NAMES } from '../auth/roles';
import { authenticationOf } from '../auth/authenticate';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { auditQuerySchema, createUserSchema, loginSchema, serviceTokenSchema, updateUserSchema } from '../schemas/auth';
import { parseOrThrow } from '../validation';

const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_FAILURES_ALLOWED = 10;

function publicUser(user: { id: string; username: string; displayName: string; role: string; active: boolean; createdAt: Date }) {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, roleName: isRole(user.role) ? ROLE_NAMES[user.role] : user.role, active: user.active, createdAt: user.createdAt };
}

export function authRouter(deps: AppDeps): Router {
  const router = Router();
  // Failed sign-ins per address and user name; a success does not count.
  const limiter = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_FAILURES_ALLOWED,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${typeof req.body?.username === 'string' ? req.body.username.toLowerCase() : ''}`,
    handler: (_req, res) => {
      res.status(429).json({ error: { code: 'TOO_MANY_ATTEMPTS', message: '登录失败次数过多,请 15 分钟后再试', details: [] } });
    },
  });

  router.post('/token', limiter, async (req, res) => {
    const { username, password } = parseOrThrow(loginSchema, req.body);
    const user = await deps.db.user.findUnique({ where: { username } });
    // The same work whether or not the user exists: the answer time tells nothing.
    const matches = await passwordMatches(user?.passwordHash ?? UNKNOWN_USER_HASH, password);
    if (!user || !matches || !user.active || !isRole(user.role)) throw new ApiError(401, 'BAD_CREDENTIALS', '用户名或密码错误');
    const issued = await deps.auth.tokens.sign({ subject: user.id, username: user.username, role: user.role, kind: 'user' }, deps.auth.tokenTtlSeconds);
    res.json({ accessToken: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt, role: user.role, roleName: ROLE_NAMES[user.role] });
  });
  return router;
}

export function usersRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ users: (await deps.db.user.findMany({ orderBy: { username: 'asc' } })).map(publicUser) });
  });
  router.post('/', async (req, res) => {
    const input = parseOrThrow(createUserSchema, req.body);
    if (await deps.db.user.findUnique({ where: { username: input.username } })) throw new ApiError(409, 'USERNAME_TAKEN', '用户名已存在');
    const user = await deps.db.user.create({
      data: { id: randomUUID(), username: input.username, displayName: input.displayName, role: input.role, passwordHash: await hashPassword(input.password) },
    });
    res.status(201).json(publicUser(user));
  });
  router.patch('/:id', async (req, res) => {
    const update = parseOrThrow(updateUserSchema, req.body);
    const before = await deps.db.user.findUnique({ where: { id: req.params.id } });
    if (!before) throw notFound('用户');
    res.locals.auditBefore = publicUser(before);
    const user = await deps.db.user.update({
      where: { id: req.params.id },
      data: {
        ...(update.role ? { role: update.role } : {}),
        ...(update.active === undefined ? {} : { active: update.active }),
        ...(update.password ? { passwordHash: await hashPassword(update.password) } : {}),
        updatedAt: new Date(),
      },
    });
    res.json(publicUser(user));
  });
  return router;
}

/** Long-lived tokens for scripts and scrapers; each can be revoked by deleting its row's validity. */
export function serviceTokensRouter(deps: AppDeps): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseOrThrow(serviceTokenSchema, req.body);
    const id = randomUUID();
    const issuer = authenticationOf(res.locals)?.actor ?? 'unknown';
    const issued = await deps.auth.tokens.sign({ subject: id, tokenId: id, username: `service:${input.name}`, role: input.role, kind: 'service' }, input.days * 86_400);
    await deps.db.serviceToken.create({ data: { id, name: input.name, role: input.role, createdBy: issuer, expiresAt: issued.expiresAt } });
    res.status(201).json({ id, name: input.name, role: input.role, accessToken: issued.token, expiresAt: issued.expiresAt });
  });
  return router;
}

export function auditRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseOrThrow(auditQuerySchema, req.query);
    const entries = await deps.db.auditEntry.findMany({
      where: { ...(query.entity ? { entity: query.entity } : {}), ...(query.actor ? { actor: query.actor } : {}), ...(query.before ? { id: { lt: BigInt(query.before) } } : {}) },
      orderBy: { id: 'desc' },
      take: query.limit,
    });
    res.json({ entries: entries.map((entry) => ({ ...entry, id: entry.id.toString() })), next: entries.length === query.limit ? entries.at(-1)!.id.toString() : null });
  });
  return router;
}
