import request from 'supertest';
import { createApp } from '../../api/app';
import { ROLES, roleHas, type Role } from '../../api/auth/roles';
import { ROUTES } from '../../api/route-table';
import { createCompany, createEmployee } from '../support/contributions';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let app: ReturnType<typeof createApp>;
const tokens = new Map<Role, string>();
const loggedErrors: unknown[] = [];

beforeAll(async () => {
  stack = await startStack();
  app = createApp(stack.appDeps({ logError: (error) => loggedErrors.push(error) }));
  for (const role of ROLES) tokens.set(role, await bearer(role));
});

afterEach(() => {
  expect(loggedErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await stack?.close();
});

const SAMPLE_PARAMS: Record<string, string> = { id: 'no-such-id', month: '1999-01', city: '430100' };
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
const call = (method: string, path: string) => {
  const url = concrete(path);
  if (method === 'GET') return request(app).get(url);
  if (method === 'PATCH') return request(app).patch(url).send({});
  return request(app).post(url).send({});
};

const guarded = ROUTES.filter((route) => route.access !== 'public' && route.access !== 'signed-webhook');

describe.each(guarded.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
  test('401 without a token, 401 with a forged one', async () => {
    const anonymous = await call(route.method, route.path);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const forged = await call(route.method, route.path).set('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
  });

  test.each(ROLES.map((role) => [role] as const))('as %s', async (role) => {
    const answer = await call(route.method, route.path).set('authorization', tokens.get(role)!);
    if (roleHas(role, route.access as Parameters<typeof roleHas>[1])) {
      // Past the gate: the route's own answer (200, 400 for the empty body, 404 for the sample id…).
      expect([401, 403]).not.toContain(answer.status);
      expect(answer.body?.error?.code).not.toBe('ROUTE_NOT_FOUND');
      expect(answer.status).toBeLessThan(500);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'FORBIDDEN', message: '当前角色无权执行此操作' });
    }
  });
});

test('every route that changes something is audited', () => {
  const unaudited = ROUTES.filter((route) => route.method !== 'GET' && !route.audit).map((route) => `${route.method} ${route.path}`);
  // Signing in, the signed webhook (it records its own events) and the codec change nothing.
  expect(unaudited.sort()).toEqual(['POST /api/auth/token', 'POST /api/webhooks/esign', 'POST /codec/decode', 'POST /codec/encode']);
});

test('a route missing from the table does not exist, whoever asks', async () => {
  const answer = await request(app).get('/api/secret-report').set('authorization', tokens.get('admin')!);
  expect(answer.status).toBe(404);
  expect(answer.body.error.code).toBe('ROUTE_NOT_FOUND');
});

describe('what each role sees of personal data', () => {
  test('ID numbers are masked for everyone but the HR manager; finance sees amounts and bases, not wages', async () => {
    const companyId = await createCompany(stack.db);
    const employee = await createEmployee(stack.db, { companyId, hireDate: '2024-01-02' });
    const asManager = await request(app).get(`/api/employees/${employee.id}`).set('authorization', tokens.get('hr_manager')!);
    expect(asManager.status).toBe(200);
    expect(asManager.body.idNumber).toBe(employee.idNumber);
    const asStaff = await request(app).get(`/api/employees/${employee.id}`).set('authorization', tokens.get('hr_staff')!);
    expect(asStaff.body.idNumber).toBe(`${employee.idNumber.slice(0, 3)}***********${employee.idNumber.slice(-4)}`);
    expect(JSON.stringify(asStaff.body)).not.toContain(employee.idNumber);

    await stack.db.payrollEntry.create({ data: { employeeId: employee.id, month: '2024-01', grossPay: '12345.67', netPay: '9999.99', importId: 'test' } });
    await request(app).post('/api/contribution-runs').set('authorization', tokens.get('hr_manager')!).send({ companyId, month: '2024-01' }).expect(202);
    await stack.client.workflow.getHandle(`contribution-run-${companyId}-2024-01`).result();
    const asFinance = await request(app).get('/api/contributions').query({ companyId, month: '2024-01', employeeId: employee.id }).set('authorization', tokens.get('finance')!);
    expect(asFinance.status).toBe(200);
    expect(asFinance.body.lines.length).toBeGreaterThan(0);
    expect(asFinance.body.base.rawBase).toBe('12345.67');
    expect(asFinance.body.base).not.toHaveProperty('payrollTotal');
    expect(asFinance.body.base).not.toHaveProperty('payrollEntryIds');
  });
});

describe('signing in, users and the audit trail', () => {
  test('an admin creates a user, who signs in and gets a token that works; wrong passwords are refused and then rate limited', async () => {
    const admin = tokens.get('admin')!;
    const username = `mgr${Date.now()}`;
    const created = await request(app).post('/api/users').set('authorization', admin).send({ username, displayName: '新经理', password: 'correct-horse-battery', role: 'hr_manager' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await request(app).post('/api/users').set('authorization', admin).send({ username, displayName: '重复', password: 'correct-horse-battery', role: 'ops' })).status).toBe(409);
    expect((await request(app).post('/api/users').set('authorization', admin).send({ username: 'x', password: 'short', role: 'boss' })).body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['displayName', 'password', 'role', 'username']);

    const signedIn = await request(app).post('/api/auth/token').send({ username, password: 'correct-horse-battery' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ tokenType: 'Bearer', role: 'hr_manager' });
    const withToken = await request(app).get('/api/notifications').set('authorization', `Bearer ${signedIn.body.accessToken}`);
    expect(withToken.status).toBe(200);

    const wrong = await request(app).post('/api/auth/token').send({ username, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    expect((await request(app).post('/api/auth/token').send({ username: 'nobody-here', password: 'whatever-long' })).body.error.code).toBe('BAD_CREDENTIALS');
    let last = wrong;
    for (let attempt = 0; attempt < 10; attempt += 1) last = await request(app).post('/api/auth/token').send({ username, password: 'not-the-password' });
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('TOO_MANY_ATTEMPTS');

    // A deactivated user cannot sign in any more.
    await request(app).patch(`/api/users/${created.body.id}`).set('authorization', admin).send({ active: false }).expect(200);
    const other = await request(app).post('/api/auth/token').set('x-forwarded-for', '10.0.0.9').send({ username, password: 'correct-horse-battery' });
    expect([401, 429]).toContain(other.status);
  });

  test('every change leaves an audit entry (who, role, entity, before and after, request id) that cannot be rewritten', async () => {
    const admin = tokens.get('admin')!;
    const created = await request(app).post('/api/users').set('authorization', admin).set('x-request-id', 'req-audit-test-0001').send({ username: `audited${Date.now()}`, displayName: '被审计', password: 'correct-horse-battery', role: 'hr_staff' });
    await request(app).patch(`/api/users/${created.body.id}`).set('authorization', admin).send({ role: 'finance' }).expect(200);
    const trail = await request(app).get('/api/audit').query({ entity: 'User', actor: 'test-admin' }).set('authorization', tokens.get('hr_manager')!);
    expect(trail.status).toBe(200);
    const forUser = trail.body.entries.filter((entry: { entityId: string }) => entry.entityId === created.body.id);
    expect(forUser.map((entry: { action: string }) => entry.action)).toEqual(['PATCH /api/users/:id', 'POST /api/users']);
    expect(forUser[0]).toMatchObject({ actor: 'test-admin', role: 'admin', before: expect.objectContaining({ role: 'hr_staff' }) });
    expect(forUser[0].after.response.role).toBe('finance');
    expect(forUser[1].requestId).toBe('req-audit-test-0001');
    expect(JSON.stringify(forUser)).not.toContain('correct-horse-battery');
    await expect(stack.db.$executeRawUnsafe(`UPDATE "AuditEntry" SET actor = 'someone-else' WHERE "entityId" = $1`, created.body.id)).rejects.toThrow(/append-only/);
    await expect(stack.db.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE "entityId" = $1`, created.body.id)).rejects.toThrow(/append-only/);
  });
});
