import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { testEnv } from '../support/env';
import { unusedIdNumber } from '../support/id-numbers';
import { waitFor } from '../support/onboarding';
import { bearer, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let plainConnection: Connection;

beforeAll(async () => {
  stack = await startStack();
  plainConnection = await Connection.connect({ address: testEnv.temporalAddress });
});

afterAll(async () => {
  await plainConnection?.close();
  await stack?.close();
});

const bytesOf = (value: unknown) => (typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value as Uint8Array));

/**
 * Every string of a history, and every payload's bytes decoded as text (they travel as base64):
 * what someone reading the raw history sees.
 */
function readableText(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => readableText(item, out));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('metadata' in record && 'data' in record) out.push(bytesOf(record.data).toString('utf8'));
    Object.values(record).forEach((item) => readableText(item, out));
  }
  return out;
}

test('the raw history on the server holds no ID number, name or wage in clear; the codec endpoint decrypts for those allowed', async () => {
  const app = createApp(stack.appDeps({ codecTrustedOrigins: ['http://127.0.0.1:8233'] }));
  const manager = await bearer('hr_manager');
  const idNumber = await unusedIdNumber(stack.db);
  const name = '欧阳明远';
  const wage = '23456.78';
  const submitted = await request(app)
    .post('/api/onboardings')
    .set('authorization', manager)
    .send({ name, idNumber, hireDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), workCity: '430100', monthlyGrossWage: wage });
  expect(submitted.status).toBe(202);
  await stack.client.workflow.getHandle(submitted.body.workflowId).result();

  // Read as ops would with the plain CLI: no codec.
  const raw = await new Client({ connection: plainConnection }).workflow.getHandle(submitted.body.workflowId).fetchHistory();
  const text = readableText(raw).join('\n');
  expect(text).not.toContain(idNumber);
  expect(text).not.toContain(name);
  expect(text).not.toContain(wage);
  const payloads: { metadata?: Record<string, Uint8Array> }[] = [];
  JSON.stringify(raw, (key, value) => {
    if (key === 'payloads' && Array.isArray(value)) payloads.push(...value);
    return value;
  });
  expect(payloads.length).toBeGreaterThan(3);
  for (const payload of payloads) expect(bytesOf(payload.metadata!.encoding).toString()).toBe('binary/encrypted');

  // The codec endpoint: HR managers decrypt, ops may not, nobody anonymous — except the local Web UI in development.
  const sample = payloads[0]!;
  const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(sample.metadata!).map(([k, v]) => [k, bytesOf(v).toString('base64')])), data: bytesOf((sample as { data: unknown }).data).toString('base64') }] };
  const decoded = await request(app).post('/codec/decode').set('authorization', manager).send(body);
  expect(decoded.status).toBe(200);
  expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect((await request(app).post('/codec/decode').set('authorization', await bearer('ops')).send(body)).status).toBe(403);
  expect((await request(app).post('/codec/decode').send(body)).status).toBe(401);
  expect((await request(app).post('/codec/decode').set('origin', 'http://evil.example').send(body)).status).toBe(401);
  const fromUi = await request(app).post('/codec/decode').set('origin', 'http://127.0.0.1:8233').send(body);
  expect(fromUi.status).toBe(200);
  expect(fromUi.headers['access-control-allow-origin']).toBeUndefined(); // CORS answers only configured origins

  // Ops find the workflow and read its history, encrypted; an HR manager reads it decrypted.
  const ops = await bearer('ops');
  const { employeeId } = await stack.db.onboardingCase.findUniqueOrThrow({ where: { id: submitted.body.id } });
  const listed = await waitFor(async () => {
    const answer = await request(app).get('/api/workflows').query({ type: 'employeeOnboardingWorkflow', employeeId }).set('authorization', ops);
    return answer.body.workflows?.length > 0 ? answer : undefined;
  }, 10_000, 'visibility');
  expect(listed.status).toBe(200);
  expect(listed.body.workflows.map((w: { workflowId: string }) => w.workflowId)).toContain(submitted.body.workflowId);
  const opsHistory = await request(app).get(`/api/workflows/${submitted.body.workflowId}/history`).set('authorization', ops);
  expect(opsHistory.body.decoded).toBe(false);
  expect(JSON.stringify(opsHistory.body)).not.toContain('"caseId"');
  const managerHistory = await request(app).get(`/api/workflows/${submitted.body.workflowId}/history`).set('authorization', manager);
  expect(managerHistory.body.decoded).toBe(true);
  expect(JSON.stringify(managerHistory.body)).toContain('"caseId"');
  expect((await request(app).get('/api/workflows').query({ type: "x' OR 1=1" }).set('authorization', ops)).status).toBe(400);
});
