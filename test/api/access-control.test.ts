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
