import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { signEsignPayload, verifyEsignSignature } from '../../api/webhooks/esign-signature';
import { createEsignSimulator } from '../../simulators/esign/app';
import { startEsignSimulator } from '../../simulators/esign/server';

const SECRET = 'esign-simulator-test-secret';
const PUBLIC_BASE_URL = 'https://esign.example.test';
const START_MS = Date.parse('2026-11-26T02:00:00.000Z');
const HASH = 'a'.repeat(64);
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Received {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  json: Record<string, unknown>;
}

/** A webhook receiver on a real port: records every delivery and answers the planned statuses, then 200. */
function createReceiver() {
  const received: Received[] = [];
  const plannedStatuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      received.push({ headers: req.headers, rawBody, json: JSON.parse(rawBody.toString('utf8')) as Record<string, unknown> });
      res.statusCode = plannedStatuses.shift() ?? 200;
      res.end();
    });
  });
  return {
    server,
    received,
    plannedStatuses,
    url: '',
    reset() {
      received.length = 0;
      plannedStatuses.length = 0;
    },
  };
}

const receiver = createReceiver();
const clock = { ms: START_MS };
/** Steers fault draws: 0 makes every fault with a rate above 0 happen and picks the first kind of broken body. */
const roll = { value: 0 };
const { app, state } = createEsignSimulator({
  webhookSecret: SECRET,
  publicBaseUrl: `${PUBLIC_BASE_URL}/`,
  now: () => clock.ms,
  retryDelaysMs: [5, 5, 5, 5],
  deliveryTimeoutMs: 2000,
  random: () => roll.value,
});

function createBody(overrides: Record<string, unknown> = {}) {
  return {
    documentHash: HASH,
    documentTitle: '基本养老保险关系转移接续申请表',
    signer: { name: '张三丰', phone: '13800138000' },
    callbackUrl: `${receiver.url}/api/webhooks/esign`,
    externalRef: 'transfer-1',
    ...overrides,
  };
}

async function createRequest(body: Record<string, unknown> = createBody(), key = `key-${Math.random()}`): Promise<string> {
  const res = await request(app).post('/signing-requests').set('Idempotency-Key', key).send(body).expect(201);
  return res.body.requestId as string;
}

function verify(delivery: Received, secret = SECRET) {
  return verifyEsignSignature({
    secret,
    rawBody: delivery.rawBody,
    timestampHeader: delivery.headers['x-esign-timestamp'],
    signatureHeader: delivery.headers['x-esign-signature'],
    nowSeconds: clock.ms / 1000,
  });
}

beforeAll(async () => {
  receiver.server.listen(0, '127.0.0.1');
  await once(receiver.server, 'listening');
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  state.stopDeliveries();
  state.closeHeld();
  receiver.server.closeAllConnections();
  await new Promise<void>((resolve, reject) => receiver.server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  state.reset();
  receiver.reset();
  clock.ms = START_MS;
  roll.value = 0;
});

describe('esign simulator: signing requests', () => {
  it('answers health checks', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('creates a PENDING request with a signing link under the public base URL', async () => {
    const res = await request(app).post('/signing-requests').set('Idempotency-Key', 'k-1').send(createBody()).expect(201);
    expect(res.body).toEqual({ requestId: expect.stringMatching(UUID_PATTERN), status: 'PENDING', signingUrl: expect.any(String) });
    expect(res.body.signingUrl).toBe(`${PUBLIC_BASE_URL}/sign/${res.body.requestId}`);

    const view = await request(app).get(`/signing-requests/${res.body.requestId}`).expect(200);
    expect(view.body).toEqual({ requestId: res.body.requestId, status: 'PENDING', documentHash: HASH, externalRef: 'transfer-1' });
  });

  it('replays the same key and body as 200 with the same request, even with keys reordered', async () => {
    const first = await request(app).post('/signing-requests').set('Idempotency-Key', 'k-same').send(createBody()).expect(201);
    const reordered = Object.fromEntries(Object.entries(createBody()).reverse());
    const again = await request(app).post('/signing-requests').set('Idempotency-Key', 'k-same').send(reordered).expect(200);
    expect(again.body).toEqual(first.body);
    expect(state.requests.size).toBe(1);
  });

  it('answers 409 for the same key with another body, and makes a new request for a new key', async () => {
    const first = await createRequest(createBody(), 'k-conflict');
    const conflict = await request(app)
      .post('/signing-requests')
      .set('Idempotency-Key', 'k-conflict')
      .send(createBody({ externalRef: 'transfer-2' }))
      .expect(409);
    expect(conflict.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const other = await createRequest(createBody(), 'k-other');
    expect(other).not.toBe(first);
    expect(state.requests.size).toBe(2);
  });

  it('lists every bad field, the missing Idempotency-Key included, without echoing personal data', async () => {
    const res = await request(app)
      .post('/signing-requests')
      .send({
        documentHash: 'not-a-hash',
        documentTitle: '',
        signer: { name: '', phone: '13800' },
        callbackUrl: 'ftp://example.test/hook',
        externalRef: '',
      })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining(['Idempotency-Key', 'documentHash', 'documentTitle', 'signer.name', 'signer.phone', 'callbackUrl', 'externalRef']),
    );
    expect(JSON.stringify(res.body)).not.toContain('13800');

    const named = await request(app)
      .post('/signing-requests')
      .set('Idempotency-Key', 'k-phone')
      .send(createBody({ signer: { name: '张三丰', phone: '138001380009' } }))
      .expect(400);
    expect(named.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['signer.phone']);
    expect(JSON.stringify(named.body)).not.toMatch(/138001380009|张三丰/);
    expect(state.requests.size).toBe(0);
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await request(app)
      .post('/signing-requests')
      .set('Idempotency-Key', 'k-json')
      .set('content-type', 'application/json')
      .send('{"documentHash": ')
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('answers 404 for an unknown request', async () => {
    const res = await request(app).get('/signing-requests/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await request(app).post('/signing-requests/00000000-0000-4000-8000-000000000000/cancel').expect(404);
  });

  it('cancels a pending request (twice is fine), after which it can no longer be signed', async () => {
    const id = await createRequest();
    const cancelled = await request(app).post(`/signing-requests/${id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ requestId: id, status: 'CANCELLED' });
    await request(app).post(`/signing-requests/${id}/cancel`).expect(200);
    expect((await request(app).get(`/signing-requests/${id}`).expect(200)).body.status).toBe('CANCELLED');

    await request(app).post(`/sign/${id}`).type('form').send({}).expect(409);
    const json = await request(app).post(`/admin/requests/${id}/sign`).expect(409);
    expect(json.body.error.code).toBe('REQUEST_CANCELLED');
    await state.idle();
    expect(receiver.received).toHaveLength(0);
    expect(state.deliveries).toHaveLength(0);
  });

  it('refuses to cancel a signed request with 409 and keeps it SIGNED', async () => {
    const id = await createRequest();
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    const res = await request(app).post(`/signing-requests/${id}/cancel`).expect(409);
    expect(res.body.error.code).toBe('ALREADY_SIGNED');
    expect((await request(app).get(`/signing-requests/${id}`).expect(200)).body.status).toBe('SIGNED');
  });

  it('expires a pending request after its time to live', async () => {
    const id = await createRequest();
    clock.ms += 7 * 24 * 3600 * 1000;
    expect((await request(app).get(`/signing-requests/${id}`).expect(200)).body.status).toBe('EXPIRED');
    await request(app).post(`/admin/requests/${id}/sign`).expect(409);
    expect((await request(app).post(`/signing-requests/${id}/cancel`).expect(409)).body.error.code).toBe('REQUEST_EXPIRED');
  });
});

describe('esign simulator: signing and webhooks', () => {
  it('signs through the page form and delivers one webhook whose signature verifies', async () => {
    const id = await createRequest();
    clock.ms += 60_000;
    const page = await request(app).post(`/sign/${id}`).type('form').send({}).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(page.text).toContain('已签署');
    await state.idle();

    expect(receiver.received).toHaveLength(1);
    const delivery = receiver.received[0]!;
    const signedAt = new Date(clock.ms).toISOString();
    expect(delivery.json).toEqual({
      eventId: expect.stringMatching(UUID_PATTERN),
      type: 'signing.completed',
      requestId: id,
      externalRef: 'transfer-1',
      documentHash: HASH,
      signedAt,
    });
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['x-esign-timestamp']).toBe(String(Math.floor(clock.ms / 1000)));
    expect(delivery.headers['x-esign-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verify(delivery)).toEqual({ ok: true });
    expect(verify(delivery, 'some-other-secret')).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });

    const view = await request(app).get(`/signing-requests/${id}`).expect(200);
    expect(view.body).toEqual({ requestId: id, status: 'SIGNED', documentHash: HASH, externalRef: 'transfer-1', signedAt });
    expect(state.deliveries).toEqual([
      expect.objectContaining({ eventId: delivery.json.eventId, requestId: id, attempt: 1, status: 200, ok: true, trigger: 'signed' }),
    ]);
  });

  it('signs only once: a second post changes nothing and sends nothing', async () => {
    const id = await createRequest();
    await request(app).post(`/sign/${id}`).type('form').send({}).expect(200);
    const signedAt = (await request(app).get(`/signing-requests/${id}`)).body.signedAt as string;
    clock.ms += 5_000;
    const again = await request(app).post(`/sign/${id}`).set('Accept', 'application/json').send({}).expect(200);
    expect(again.body).toMatchObject({ requestId: id, status: 'SIGNED', signedAt });
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('answers JSON to a POST /sign that accepts JSON', async () => {
    const id = await createRequest();
    const res = await request(app).post(`/sign/${id}`).set('Accept', 'application/json').send({}).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ requestId: id, status: 'SIGNED', signedAt: expect.any(String) });
    await state.idle();
  });

  it('redelivers the same event: same eventId and body, fresh timestamp and signature', async () => {
    const id = await createRequest();
    const signed = await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();
    clock.ms += 90_000;
    const res = await request(app).post(`/admin/requests/${id}/redeliver`).expect(202);
    expect(res.body.eventId).toBe(signed.body.eventId);
    await state.idle();

    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received as [Received, Received];
    expect(second.json.eventId).toBe(first.json.eventId);
    expect(second.rawBody.equals(first.rawBody)).toBe(true);
    expect(Number(second.headers['x-esign-timestamp'])).toBe(Number(first.headers['x-esign-timestamp']) + 90);
    expect(second.headers['x-esign-signature']).not.toBe(first.headers['x-esign-signature']);
    expect(verify(second)).toEqual({ ok: true });
    // The first one is now 90 s old but still within the five-minute tolerance.
    expect(verify(first)).toEqual({ ok: true });
    expect(state.deliveries.map((delivery) => delivery.trigger)).toEqual(['signed', 'redeliver']);
  });

  it('refuses to redeliver for a request not yet signed', async () => {
    const id = await createRequest();
    const res = await request(app).post(`/admin/requests/${id}/redeliver`).expect(409);
    expect(res.body.error.code).toBe('NOT_SIGNED');
  });

  it('retries a receiver answering 500 twice, then 200: three attempts of the same event', async () => {
    receiver.plannedStatuses.push(500, 500);
    const id = await createRequest();
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((delivery) => delivery.json.eventId)).size).toBe(1);
    for (const delivery of receiver.received) expect(verify(delivery)).toEqual({ ok: true });
    expect(state.deliveries.map(({ attempt, status, ok }) => ({ attempt, status, ok }))).toEqual([
      { attempt: 1, status: 500, ok: false },
      { attempt: 2, status: 500, ok: false },
      { attempt: 3, status: 200, ok: true },
    ]);
    const listed = await request(app).get('/admin/deliveries').expect(200);
    expect(listed.body.deliveries).toHaveLength(3);
  });

  it('gives up after five attempts', async () => {
    receiver.plannedStatuses.push(503, 500, 502, 500, 500, 500, 500);
    const id = await createRequest();
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();
    expect(receiver.received).toHaveLength(5);
    expect(state.deliveries.map((delivery) => delivery.status)).toEqual([503, 500, 502, 500, 500]);
  });

  it('retries a network failure and records it without a status', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`;
    await new Promise((resolve) => closed.close(resolve));

    const id = await createRequest(createBody({ callbackUrl: deadUrl }));
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();
    expect(state.deliveries).toHaveLength(5);
    for (const delivery of state.deliveries) {
      expect(delivery).toMatchObject({ status: null, ok: false, error: expect.stringContaining('ECONNREFUSED') });
    }
  });

  it('counts a redirect as a failed delivery (it is not followed)', async () => {
    receiver.plannedStatuses.push(302);
    const id = await createRequest();
    await request(app).post(`/admin/requests/${id}/sign`).expect(200);
    await state.idle();
    expect(state.deliveries.map((delivery) => delivery.status)).toEqual([302, 200]);
  });
});

describe('esign simulator: signing page', () => {
  it('shows the title, the hash and the masked signer, with a 签署 button posting to /sign/:id', async () => {
    const id = await createRequest();
    const res = await request(app).get(`/sign/${id}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toContain('<meta charset="utf-8">');
    expect(res.text).toContain('基本养老保险关系转移接续申请表');
    expect(res.text).toContain(HASH);
    expect(res.text).toContain('张**');
    expect(res.text).not.toContain('三丰');
    expect(res.text).not.toContain('13800138000');
    expect(res.text).toContain(`<form method="post" action="/sign/${id}">`);
    expect(res.text).toMatch(/<button type="submit">签署<\/button>/);
  });

  it('escapes every interpolated value', async () => {
    const id = await createRequest(
      createBody({ documentTitle: '<script>alert(1)</script> & "引号" \'单\'', signer: { name: '<script>' } }),
    );
    const res = await request(app).get(`/sign/${id}`).expect(200);
    expect(res.text).not.toContain('<script');
    expect(res.text).not.toContain('<*');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot; &#39;单&#39;');
    expect(res.text).toContain('&lt;*******');
    expect(res.text).toContain('签署');
  });

  it('shows the state instead of the button once signed or cancelled', async () => {
    const signedId = await createRequest();
    await request(app).post(`/admin/requests/${signedId}/sign`).expect(200);
    const signed = await request(app).get(`/sign/${signedId}`).expect(200);
    expect(signed.text).toContain('已签署');
    expect(signed.text).not.toContain('<form');
    expect(signed.text).not.toContain('<button');

    const cancelledId = await createRequest();
    await request(app).post(`/signing-requests/${cancelledId}/cancel`).expect(200);
    const cancelled = await request(app).get(`/sign/${cancelledId}`).expect(200);
    expect(cancelled.text).toContain('已撤销');
    expect(cancelled.text).not.toContain('<form');
    await state.idle();
  });

  it('answers an HTML 404 for an unknown signing link', async () => {
    const res = await request(app).get('/sign/%3Cimg%20src%3Dx%3E').expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toContain('<img');
  });
});

describe('esign simulator: faults', () => {
  afterEach(() => state.closeHeld());

  it('answers 503 on the API under errorRate 1, but leaves pages, admin and health alone', async () => {
    const id = await createRequest();
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    const res = await request(app).get(`/signing-requests/${id}`).expect(503);
    expect(res.headers['retry-after']).toBe('1');
    await request(app).post('/signing-requests').set('Idempotency-Key', 'k-503').send(createBody()).expect(503);
    expect(state.requests.size).toBe(1);

    await request(app).get(`/sign/${id}`).expect(200);
    await request(app).post(`/sign/${id}`).type('form').send({}).expect(200);
    await request(app).get('/healthz').expect(200);
    await request(app).get('/admin/deliveries').expect(200);
    await state.idle();
    expect(receiver.received).toHaveLength(1);

    await request(app).post('/admin/faults/reset').expect(200);
    await request(app).get(`/signing-requests/${id}`).expect(200);
  });

  it.each([
    ['truncated JSON', 0],
    ['schema drift', 0.5],
    ['an HTML page', 0.9],
  ])('breaks 2xx bodies under malformedRate 1 (%s), while the call still takes effect', async (_kind, value) => {
    await request(app).post('/admin/faults').send({ malformedRate: 1 }).expect(200);
    roll.value = value;
    const res = await request(app)
      .post('/signing-requests')
      .set('Idempotency-Key', 'k-mal')
      .send(createBody())
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .expect(201);
    const text = res.body as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const valid =
      typeof parsed === 'object' && parsed !== null && typeof (parsed as { requestId?: unknown }).requestId === 'string' &&
      (parsed as { status?: unknown }).status === 'PENDING';
    expect(valid).toBe(false);
    expect(state.requests.size).toBe(1);
  });

  it('holds API calls open under timeoutRate 1', async () => {
    await request(app).post('/admin/faults').send({ timeoutRate: 1 }).expect(200);
    const started = Date.now();
    await expect(request(app).get('/signing-requests/any').timeout(200)).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('rejects fault settings out of range, naming each field', async () => {
    const res = await request(app)
      .post('/admin/faults')
      .send({ latencyMs: -1, errorRate: 2, timeoutRate: 'often', malformedRate: -0.1, extra: true })
      .expect(400);
    const paths = res.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['latencyMs', 'errorRate', 'timeoutRate', 'malformedRate']));
  });
});

describe('esign simulator: server', () => {
  it('uses the listening URL for signing links when no public base URL is given, and signs with the shared scheme', async () => {
    const simulator = await startEsignSimulator({ webhookSecret: SECRET, retryDelaysMs: [] });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${simulator.url}/signing-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'k-server' },
        body: JSON.stringify(createBody()),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { requestId: string; signingUrl: string };
      expect(body.signingUrl).toBe(`${simulator.url}/sign/${body.requestId}`);

      const page = await fetch(body.signingUrl);
      expect(await page.text()).toContain('签署');
      await fetch(body.signingUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      await simulator.state.idle();
      const delivery = receiver.received[0]!;
      const timestamp = delivery.headers['x-esign-timestamp'] as string;
      expect(delivery.headers['x-esign-signature']).toBe(signEsignPayload(SECRET, timestamp, delivery.rawBody));
    } finally {
      await simulator.close();
    }
  });
});
