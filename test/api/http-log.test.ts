import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../api/app';
import { createLogger } from '../../api/http-log';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

test('request logs are JSON with the request id and route template, and personal data is redacted', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('test-api', 'info', sink);
  const app = createApp(stack.appDeps({ logger }));
  await request(app).get('/api/employees/emp-nobody').set('authorization', await bearer('hr_staff')).set('x-request-id', 'req-log-test-0001').expect(404);
  logger.info({ employee: { idNumber: '43012119920518026X', name: '王芳', monthlyGrossWage: '10000.00' } }, 'an object that should never have been logged');
  await new Promise((resolve) => setImmediate(resolve));

  const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const requestLine = entries.find((entry) => (entry.req as { id?: string } | undefined)?.id === 'req-log-test-0001');
  expect(requestLine).toMatchObject({ route: '/api/employees/:id', res: { statusCode: 404 }, req: { method: 'GET', path: '/api/employees/emp-nobody' } });
  expect(JSON.stringify(requestLine)).not.toContain('Bearer');
  const text = lines.join('\n');
  expect(text).not.toContain('43012119920518026X');
  expect(text).not.toContain('王芳');
  expect(text).not.toContain('10000.00');
  expect(text).toContain('[已隐去]');
});
