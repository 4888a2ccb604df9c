import fc from 'fast-check';
import request from 'supertest';
import { createApp } from '../../api/app';
import { ROLES, roleHas, type Role } from '../../api/auth/roles';
import { ROUTES } from '../../api/route-table';
import { createDatabase, type Database } from '../../prisma/client';
import { dropDatabase, recreateDatabase } from '../../prisma/migrate';
import { testEnv } from '../support/env';
import { bearer, startStack, type TestStack } from '../support/stack';

// A database of its own: "nothing written" is checked by counting every table, which other test
// files running alongside would change.
const FUZZ_DATABASE = `shebao_fuzz_${process.pid}`;
const BODIES = 1000;

let stack: TestStack;
let db: Database;
let app: ReturnType<typeof createApp>;
const loggedErrors: unknown[] = [];

beforeAll(async () => {
  stack = await startStack();
  db = createDatabase(await recreateDatabase(testEnv.databaseUrl, FUZZ_DATABASE));
  app = createApp(stack.appDeps({ db, logError: (error) => loggedErrors.push(error) }));
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(testEnv.databaseUrl, FUZZ_DATABASE);
  await stack?.close();
});

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row!.n;
  }
  return counts;
}

const writeRoutes = ROUTES.filter((route) => route.method !== 'GET' && route.access !== 'signed-webhook' && route.path !== '/codec/encode' && route.path !== '/codec/decode');
const concrete = (path: string) => path.replace(/:(\w+)/g, 'no-such-id');
const roleFor = (access: string): Role | undefined => (access === 'public' ? undefined : ROLES.find((role) => roleHas(role, access as Parameters<typeof roleHas>[1])));

/** Bodies that are wrong in every way a client gets them wrong: types, shapes, syntax, sizes. */
const malformedBody = fc.oneof(
  fc.jsonValue().map((value) => ({ kind: 'json' as const, value })),
  fc.string({ maxLength: 200 }).map((text) => ({ kind: 'raw-json' as const, text })),
  fc.dictionary(fc.constantFrom('name', 'idNumber', 'hireDate', 'month', 'rows', 'companyId', 'employeeId', 'username', 'password', 'role', 'from', 'to', 'decidedBy', 'reason', 'cityCode', 'insuranceType', 'effectiveFrom', 'employerRatePercent', 'action', 'kind', 'keepEmployeeId'), fc.anything({ maxDepth: 2 })).map((value) => ({ kind: 'json' as const, value })),
  fc.array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), { maxLength: 6 }).map((cells) => ({ kind: 'csv' as const, text: cells.map((row) => row.join(',')).join('\n') })),
);

test(`${BODIES} malformed bodies across every write route: never a 500, nothing written`, async () => {
  const before = await rowCounts();
  const tokens = new Map<Role, string>();
  for (const role of ROLES) tokens.set(role, await bearer(role));
  const statuses = new Map<number, number>();

  const samples = fc.sample(fc.tuple(fc.constantFrom(...writeRoutes), malformedBody), { numRuns: BODIES, seed: 20261126 });
  for (const [route, body] of samples) {
    const role = roleFor(route.access);
    let call = route.method === 'PATCH' ? request(app).patch(concrete(route.path)) : request(app).post(concrete(route.path));
    if (role) call = call.set('authorization', tokens.get(role)!);
    const answer =
      body.kind === 'json'
        ? await call.set('content-type', 'application/json').send(JSON.stringify(body.value))
        : await call.set('content-type', body.kind === 'csv' ? 'text/csv' : 'application/json').send(body.text);
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    if (answer.status >= 500) throw new Error(`${route.method} ${route.path} answered ${answer.status} to ${JSON.stringify(body).slice(0, 300)}: ${answer.text.slice(0, 300)}`);
    if (answer.status >= 400) expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(loggedErrors).toEqual([]);
  expect([...statuses.keys()].every((status) => status >= 400)).toBe(true);
  expect(await rowCounts()).toEqual(before);
});
