import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from '../../activities/adapters/errors';
import { createEsignClient, type CreateSigningRequestInput } from '../../activities/adapters/esign-client';
import { closeEsignSimulatorServer, createEsignSimulator } from '../../simulators/esign/app';

const SIGNER_NAME = '王芳';
const SIGNER_PHONE = '13912345678';
const HASH = '0123456789abcdef'.repeat(4);

const next = { roll: 0.99 };
const { app, state } = createEsignSimulator({
  webhookSecret: 'esign-client-test-secret',
  publicBaseUrl: 'https://esign.example.test',
  // No receiver in these tests: one attempt, no retries.
  retryDelaysMs: [],
  deliver: async () => new Response(null, { status: 204 }),
  random: () => next.roll,
});
let server: Server;
let baseUrl: string;

const input: CreateSigningRequestInput = {
  documentHash: HASH,
  documentTitle: '基本养老保险关系转移接续申请表',
  signer: { name: SIGNER_NAME, phone: SIGNER_PHONE },
  callbackUrl: 'http://127.0.0.1:3000/api/webhooks/esign',
  externalRef: 'transfer-42',
};

async function admin(path: string, body: unknown = {}): Promise<void> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${path} answered ${res.status}`);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
  } catch (err) {
    return err;
  }
}

/** The signer's name and phone are personal data: not in the message, not anywhere a logger would print. */
function expectNoPersonalData(err: unknown): void {
  const printed = `${String((err as Error).message)}\n${inspect(err, { depth: 10 })}`;
  expect(printed).not.toContain(SIGNER_NAME);
  expect(printed).not.toContain(SIGNER_PHONE);
}

beforeAll(async () => {
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeEsignSimulatorServer(server, state);
});

beforeEach(() => {
  state.reset();
  next.roll = 0.99;
});

describe('esign client against the simulator', () => {
  it('creates a signing request, and a replay with the same key returns the same one', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const created = await client.createSigningRequest(input, 'transfer-42:sign:1');
    expect(created).toEqual({
      requestId: expect.any(String),
      status: 'PENDING',
      signingUrl: `https://esign.example.test/sign/${created.requestId}`,
    });
    await expect(client.createSigningRequest(input, 'transfer-42:sign:1')).resolves.toEqual(created);
    expect(state.requests.size).toBe(1);
    // What reached the provider is what was passed in.
    expect(state.requests.get(created.requestId)).toMatchObject({
      documentHash: HASH,
      documentTitle: input.documentTitle,
      signer: { name: SIGNER_NAME, phone: SIGNER_PHONE },
      callbackUrl: input.callbackUrl,
      externalRef: 'transfer-42',
    });
  });

  it('gets a request through its life: PENDING, then SIGNED with signedAt', async () => {
    const client = createEsignClient({ baseUrl: `${baseUrl}/`, timeoutMs: 2000 });
    const { requestId } = await client.createSigningRequest(input, 'k-get');
    await expect(client.getSigningRequest(requestId)).resolves.toEqual({
      requestId,
      status: 'PENDING',
      documentHash: HASH,
      externalRef: 'transfer-42',
    });

    await admin(`/admin/requests/${requestId}/sign`);
    const signed = await client.getSigningRequest(requestId);
    expect(signed).toMatchObject({ requestId, status: 'SIGNED' });
    expect(Date.parse(signed.signedAt ?? '')).not.toBeNaN();
    await state.idle();
  });

  it('cancels a pending request', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const { requestId } = await client.createSigningRequest(input, 'k-cancel');
    await expect(client.cancel(requestId)).resolves.toMatchObject({ requestId, status: 'CANCELLED' });
    await expect(client.getSigningRequest(requestId)).resolves.toMatchObject({ status: 'CANCELLED' });
  });

  it('turns cancelling a signed request into RemoteRejectedError 409', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const { requestId } = await client.createSigningRequest(input, 'k-cancel-signed');
    await admin(`/admin/requests/${requestId}/sign`);
    const err = await failureOf(client.cancel(requestId));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ system: 'esign', status: 409 });
    expect((err as Error).message).toContain('/signing-requests/:id/cancel');
    await state.idle();
  });

  it('turns a reused idempotency key with another body into RemoteRejectedError 409', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    await client.createSigningRequest(input, 'k-reused');
    const err = await failureOf(client.createSigningRequest({ ...input, externalRef: 'transfer-43' }, 'k-reused'));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ status: 409 });
    expectNoPersonalData(err);
  });

  it('turns a rejected body into RemoteRejectedError 400 without personal data in the error', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const err = await failureOf(client.createSigningRequest({ ...input, documentHash: 'nope' }, 'k-bad'));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ system: 'esign', status: 400 });
    expectNoPersonalData(err);
  });

  it('turns an unknown request into RemoteRejectedError 404', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const err = await failureOf(client.getSigningRequest('00000000-0000-4000-8000-000000000000'));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ status: 404 });
  });

  it('turns a 503 into RemoteUnavailableError', async () => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const { requestId } = await client.createSigningRequest(input, 'k-503');
    await admin('/admin/faults', { errorRate: 1 });

    for (const call of [
      () => client.getSigningRequest(requestId),
      () => client.createSigningRequest(input, 'k-503-b'),
      () => client.cancel(requestId),
    ]) {
      const err = await failureOf(call());
      expect(err).toBeInstanceOf(RemoteUnavailableError);
      expect(err).toMatchObject({ system: 'esign', status: 503, name: 'RemoteUnavailableError' });
      expectNoPersonalData(err);
    }
    expect(state.requests.size).toBe(1);
  });

  it.each([
    ['truncated JSON', 0],
    ['schema drift', 0.5],
    ['an HTML page', 0.9],
  ])('turns a broken 2xx body (%s) into RemoteMalformedResponseError', async (_kind, roll) => {
    const client = createEsignClient({ baseUrl, timeoutMs: 2000 });
    const { requestId } = await client.createSigningRequest(input, 'k-malformed');
    await admin('/admin/faults', { malformedRate: 1 });
    next.roll = roll;

    for (const call of [() => client.getSigningRequest(requestId), () => client.createSigningRequest(input, 'k-malformed-b')]) {
      const err = await failureOf(call());
      expect(err).toBeInstanceOf(RemoteMalformedResponseError);
      expect(err).toMatchObject({ system: 'esign', name: 'RemoteMalformedResponseError' });
      expectNoPersonalData(err);
    }
  });

  it('rejects an answer about another request as malformed', async () => {
    const { requestId } = await createEsignClient({ baseUrl, timeoutMs: 2000 }).createSigningRequest(input, 'k-other');
    const lying: typeof fetch = async () =>
      new Response(JSON.stringify({ requestId: 'someone-else', status: 'PENDING', documentHash: HASH, externalRef: 'x' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const client = createEsignClient({ baseUrl, timeoutMs: 2000, fetchImpl: lying });
    await expect(client.getSigningRequest(requestId)).rejects.toBeInstanceOf(RemoteMalformedResponseError);
  });

  it('gives up on a held request after roughly timeoutMs with RemoteUnavailableError', async () => {
    await admin('/admin/faults', { timeoutRate: 1 });
    next.roll = 0;
    const client = createEsignClient({ baseUrl, timeoutMs: 300 });
    const started = Date.now();
    const err = await failureOf(client.getSigningRequest('any'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toContain('timed out after 300 ms');
    state.closeHeld();
  });

  it('turns a refused connection into RemoteUnavailableError', async () => {
    const client = createEsignClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    const err = await failureOf(client.createSigningRequest(input, 'k-refused'));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect(err).toMatchObject({ status: undefined });
    expectNoPersonalData(err);
  });
});
