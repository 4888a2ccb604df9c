import request from 'supertest';
import { createApp } from '../../api/app';
import { ROUTES } from '../../api/route-table';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  stack = await startStack();
  app = createApp(stack.appDeps());
});

afterAll(async () => {
  await stack?.close();
});

test('the OpenAPI 3.1 document has every route, with its permission, parameters and the zod schemas as request bodies', async () => {
  const answer = await request(app).get('/openapi.json');
  expect(answer.status).toBe(200);
  const document = answer.body;
  expect(document.openapi).toBe('3.1.0');
  const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const expected = ROUTES.filter((route) => !route.path.includes('{')).map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  expect(documented.sort()).toEqual(expected.sort());

  const onboarding = document.paths['/api/onboardings'].post;
  expect(onboarding.security).toEqual([{ bearer: [] }]);
  expect(onboarding.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['name', 'idNumber', 'hireDate', 'workCity', 'monthlyGrossWage']));
  expect(document.paths['/api/payroll'].post.requestBody.content).toHaveProperty('text/csv');
  expect(document.paths['/api/transfers/{id}'].get.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  expect(document.paths['/api/contributions'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['month', 'employeeId']));
  expect(document.paths['/api/auth/token'].post.security).toEqual([]);
});

test('the docs page is served', async () => {
  const page = await request(app).get('/docs/');
  expect(page.status).toBe(200);
  expect(page.text).toContain('swagger-ui');
});
