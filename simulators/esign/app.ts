import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response as ExpressResponse } from 'express';
import { z } from 'zod';
import { ESIGN_SIGNATURE_HEADER, ESIGN_TIMESTAMP_HEADER, signEsignPayload } from '../../api/webhooks/esign-signature';
import { closeSimulator, createHeldSockets, errorBody, notFoundHandler, simulatorErrorHandler } from '../shared/http';

export const SIGNING_STATUSES = ['PENDING', 'SIGNED', 'CANCELLED', 'EXPIRED'] as const;
export type SigningStatus = (typeof SIGNING_STATUSES)[number];

export interface FaultSettings {
  latencyMs: number;
  /** Share of API calls answered 503 (before anything happens). */
  errorRate: number;
  /** Share of API calls never answered: the socket stays open until the client gives up. */
  timeoutRate: number;
  /** Share of successful API answers whose body is broken (the call itself did take effect). */
  malformedRate: number;
}

export interface SigningCompletedEvent {
  eventId: string;
  type: 'signing.completed';
  requestId: string;
  externalRef: string;
  documentHash: string;
  signedAt: string;
}

export interface SigningRequestRecord {
  requestId: string;
  status: SigningStatus;
  documentHash: string;
  documentTitle: string;
  signer: { name: string; phone?: string };
  callbackUrl: string;
  externalRef: string;
  signingUrl: string;
  createdAt: string;
  /** Epoch ms after which a PENDING request reads as EXPIRED. */
  expiresAtMs: number;
  signedAt?: string;
  /** Made once, when the request is signed; every delivery and redelivery sends this same event. */
  event?: SigningCompletedEvent;
}

export interface DeliveryAttempt {
  eventId: string;
  requestId: string;
  /** 'signed' for the delivery that follows signing, 'redeliver' for one asked for on /admin. */
  trigger: 'signed' | 'redeliver';
  /** 1-based, counted per delivery run. */
  attempt: number;
  /** The receiver's HTTP status; null when it could not be reached or timed out. */
  status: number | null;
  ok: boolean;
  /** Error name and code for a network failure, e.g. "TypeError (ECONNREFUSED)". */
  error?: string;
  at: string;
}

export interface EsignSimulatorState {
  readonly requests: Map<string, SigningRequestRecord>;
  /** Idempotency-Key → fingerprint of the body it was first used with, and the request it made. */
  readonly idempotency: Map<string, { fingerprint: string; requestId: string }>;
  readonly deliveries: DeliveryAttempt[];
  faults: FaultSettings;
  /** Base of signing links; when undefined, derived from each request's Host. Not touched by reset(). */
  publicBaseUrl: string | undefined;
  /** Clears requests, deliveries and faults, and abandons deliveries under way. */
  reset(): void;
  /** Destroys the sockets of API calls held open by a timeout fault or still waiting out latency. */
  closeHeld(): void;
  /** Abandons every delivery under way (pending retries included); nothing more is recorded for them. */
  stopDeliveries(): void;
  /** Resolves once no delivery is under way, including ones started while waiting. */
  idle(): Promise<void>;
}

export type DeliverFn = (url: string, init: RequestInit) => Promise<Response>;

export interface EsignSimulatorOptions {
  webhookSecret: string;
  /** Base of the signing links handed out, e.g. "http://localhost:4030". */
  publicBaseUrl?: string;
  /** Clock in epoch milliseconds: signedAt, webhook timestamps, expiry. */
  now?: () => number;
  /** Sends one webhook attempt; defaults to fetch. */
  deliver?: DeliverFn;
  /** Waits between delivery attempts; attempts = length + 1. Default [100, 250, 500, 1000]: 5 attempts. */
  retryDelaysMs?: readonly number[];
  /** Per-attempt limit on the receiver's answer. Default 5000. */
  deliveryTimeoutMs?: number;
  /** How long a request stays signable. Default 7 days. */
  signingTtlMs?: number;
  /** Decides which API calls get a fault; inject it to make fault tests deterministic. */
  random?: () => number;
}

export interface EsignSimulator {
  app: express.Express;
  state: EsignSimulatorState;
}

const NO_FAULTS: Readonly<FaultSettings> = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500, 1000];
const DEFAULT_DELIVERY_TIMEOUT_MS = 5000;
const DEFAULT_SIGNING_TTL_MS = 7 * 24 * 3600 * 1000;

const STATUS_LABELS: Record<SigningStatus, string> = {
  PENDING: '待签署',
  SIGNED: '已签署',
  CANCELLED: '已撤销',
  EXPIRED: '已过期',
};

const createBodySchema = z.strictObject({
  documentHash: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, '文档摘要应为64位十六进制 SHA-256')
    .transform((hash) => hash.toLowerCase()),
  documentTitle: z.string().trim().min(1, '文档标题不能为空').max(200, '文档标题不能超过200个字符'),
  signer: z.strictObject({
    name: z.string().trim().min(1, '签署人姓名不能为空').max(64, '签署人姓名不能超过64个字符'),
    phone: z
      .string()
      .regex(/^1[3-9]\d{9}$/, '手机号应为11位中国大陆手机号')
      .optional(),
  }),
  callbackUrl: z.url({ protocol: /^https?$/, error: '回调地址应为 http(s) URL' }),
  externalRef: z.string().trim().min(1, '业务单号不能为空').max(128, '业务单号不能超过128个字符'),
});

type CreateBody = z.output<typeof createBodySchema>;

const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key 必填,1-255个可见 ASCII 字符');

const rateSchema = z.number().min(0).max(1);

const faultsBodySchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  errorRate: rateSchema.optional(),
  timeoutRate: rateSchema.optional(),
  malformedRate: rateSchema.optional(),
});


function validationDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** JSON with object keys sorted, so two bodies that mean the same compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Keeps the first character (usually the surname) and hides the rest: 张三丰 → 张**. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

function describeDeliveryFailure(err: unknown): string {
  // Name and code only: an undici message can embed the callback URL.
  const fields = typeof err === 'object' && err !== null ? (err as { name?: unknown; cause?: unknown }) : {};
  const name = typeof fields.name === 'string' ? fields.name : typeof err;
  const cause = typeof fields.cause === 'object' && fields.cause !== null ? (fields.cause as { code?: unknown }) : {};
  return typeof cause.code === 'string' ? `${name} (${cause.code})` : name;
}

type View = { requestId: string; status: SigningStatus; documentHash: string; externalRef: string; signedAt?: string };

/** The ways a real gateway breaks a 2xx answer: cut-off bodies, schema drift, an HTML error page. */
const MALFORMED_ANSWERS: ((body: object) => { contentType: string; text: string })[] = [
  (body) => {
    const json = JSON.stringify(body);
    return { contentType: 'application/json', text: json.slice(0, Math.floor(json.length / 2)) };
  },
  (body) => {
    const drifted: Record<string, unknown> = { ...body };
    delete drifted.requestId;
    if (typeof drifted.status === 'string') drifted.status = drifted.status.toLowerCase();
    return { contentType: 'application/json', text: JSON.stringify(drifted) };
  },
  () => ({
    contentType: 'text/html; charset=utf-8',
    text: '<!DOCTYPE html><html><body><h1>系统维护中,请稍后访问</h1></body></html>',
  }),
];

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}dt{color:#666}dd{margin:0 0 .8rem;word-break:break-all}button{font-size:1.1rem;padding:.5rem 2rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function signingPage(record: SigningRequestRecord): string {
  const action =
    record.status === 'PENDING'
      ? `<form method="post" action="/sign/${encodeURIComponent(record.requestId)}"><button type="submit">签署</button></form>`
      : `<p class="state" data-status="${escapeHtml(record.status)}">该文件${escapeHtml(STATUS_LABELS[record.status])}${
          record.signedAt === undefined ? '' : `(签署时间 ${escapeHtml(record.signedAt)})`
        }</p>`;
  return page(
    `电子签名 - ${record.documentTitle}`,
    `<h1>电子签名</h1>
<dl>
<dt>文件标题</dt><dd class="title">${escapeHtml(record.documentTitle)}</dd>
<dt>文件摘要 (SHA-256)</dt><dd class="hash"><code>${escapeHtml(record.documentHash)}</code></dd>
<dt>签署人</dt><dd class="signer">${escapeHtml(maskName(record.signer.name))}</dd>
<dt>状态</dt><dd class="status">${escapeHtml(STATUS_LABELS[record.status])}</dd>
</dl>
${action}`,
  );
}

function messagePage(heading: string, text: string): string {
  return page(heading, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

export function createEsignSimulator(options: EsignSimulatorOptions): EsignSimulator {
  const { webhookSecret } = options;
  if (typeof webhookSecret !== 'string' || webhookSecret.length === 0) {
    throw new TypeError('esign simulator needs a non-empty webhookSecret');
  }
  const now = options.now ?? Date.now;
  const deliver: DeliverFn = options.deliver ?? ((url, init) => fetch(url, init));
  const retryDelaysMs = [...(options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS)];
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const signingTtlMs = options.signingTtlMs ?? DEFAULT_SIGNING_TTL_MS;
  const random = options.random ?? Math.random;
  const held = createHeldSockets();
  const { hold, delay } = held;
  const runningDeliveries = new Set<{ controller: AbortController; done: Promise<void> }>();

  const state: EsignSimulatorState = {
    requests: new Map(),
    idempotency: new Map(),
    deliveries: [],
    faults: { ...NO_FAULTS },
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    reset() {
      state.stopDeliveries();
      state.requests.clear();
      state.idempotency.clear();
      state.deliveries.length = 0;
      state.faults = { ...NO_FAULTS };
    },
    closeHeld() {
      held.destroyAll();
    },
    stopDeliveries() {
      for (const run of runningDeliveries) run.controller.abort();
      runningDeliveries.clear();
    },
    async idle() {
      while (runningDeliveries.size > 0) {
        await Promise.all([...runningDeliveries].map((run) => run.done));
      }
    },
  };

  const nowIso = () => new Date(now()).toISOString();
  const happens = (rate: number): boolean => rate > 0 && random() < rate;

  /** Reads the status, turning a PENDING request past its deadline into EXPIRED. */
  function current(record: SigningRequestRecord): SigningRequestRecord {
    if (record.status === 'PENDING' && now() >= record.expiresAtMs) record.status = 'EXPIRED';
    return record;
  }

  function view(record: SigningRequestRecord): View {
    const { requestId, status, documentHash, externalRef, signedAt } = current(record);
    return signedAt === undefined
      ? { requestId, status, documentHash, externalRef }
      : { requestId, status, documentHash, externalRef, signedAt };
  }

  async function runDelivery(
    record: SigningRequestRecord,
    event: SigningCompletedEvent,
    trigger: DeliveryAttempt['trigger'],
    signal: AbortSignal,
  ): Promise<void> {
    const rawBody = JSON.stringify(event);
    for (let attempt = 1; ; attempt += 1) {
      // A fresh timestamp and signature on every attempt, as a receiver checking freshness expects.
      const timestamp = Math.floor(now() / 1000);
      let status: number | null = null;
      let error: string | undefined;
      try {
        const response = await deliver(record.callbackUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'esign-simulator/1',
            [ESIGN_TIMESTAMP_HEADER]: String(timestamp),
            [ESIGN_SIGNATURE_HEADER]: signEsignPayload(webhookSecret, timestamp, rawBody),
            'x-esign-event-id': event.eventId,
            'x-esign-delivery-attempt': String(attempt),
          },
          body: rawBody,
          redirect: 'manual',
          signal: AbortSignal.any([signal, AbortSignal.timeout(deliveryTimeoutMs)]),
        });
        status = response.status;
        await response.body?.cancel().catch(() => undefined);
      } catch (err) {
        error = describeDeliveryFailure(err);
      }
      if (signal.aborted) return;
      const ok = status !== null && status >= 200 && status < 300;
      const entry: DeliveryAttempt = { eventId: event.eventId, requestId: record.requestId, trigger, attempt, status, ok, at: nowIso() };
      if (error !== undefined) entry.error = error;
      state.deliveries.push(entry);
      const wait = retryDelaysMs[attempt - 1];
      if (ok || wait === undefined) return;
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        return;
      }
    }
  }

  /** Starts a delivery run in the background: whoever signed does not wait for the receiver. */
  function startDelivery(record: SigningRequestRecord, event: SigningCompletedEvent, trigger: DeliveryAttempt['trigger']): void {
    const controller = new AbortController();
    const run = { controller, done: Promise.resolve() };
    run.done = runDelivery(record, event, trigger, controller.signal)
      .catch(() => undefined)
      .finally(() => runningDeliveries.delete(run));
    runningDeliveries.add(run);
  }

  type SignOutcome = { kind: 'signed'; record: SigningRequestRecord } | { kind: 'not-found' } | { kind: 'conflict'; record: SigningRequestRecord };

  /** Signs once; signing a signed request again changes nothing and sends nothing. */
  function sign(requestId: string): SignOutcome {
    const found = state.requests.get(requestId);
    if (found === undefined) return { kind: 'not-found' };
    const record = current(found);
    if (record.status === 'SIGNED') return { kind: 'signed', record };
    if (record.status !== 'PENDING') return { kind: 'conflict', record };
    const signedAt = nowIso();
    const event: SigningCompletedEvent = {
      eventId: randomUUID(),
      type: 'signing.completed',
      requestId: record.requestId,
      externalRef: record.externalRef,
      documentHash: record.documentHash,
      signedAt,
    };
    record.status = 'SIGNED';
    record.signedAt = signedAt;
    record.event = event;
    startDelivery(record, event, 'signed');
    return { kind: 'signed', record };
  }


  /** Faults of the provider's API: latency, a held socket, a 503; marks the answer for breaking. */
  async function applyFaults(_req: Request, res: ExpressResponse, next: NextFunction): Promise<void> {
    const faults = state.faults;
    if (faults.latencyMs > 0 && !(await delay(res, faults.latencyMs))) return;
    if (happens(faults.timeoutRate)) {
      hold(res);
      return;
    }
    if (happens(faults.errorRate)) {
      res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '系统繁忙,请稍后再试'));
      return;
    }
    res.locals.malformed = happens(faults.malformedRate);
    next();
  }

  /** Answers an API call, breaking the body if a malformed fault was drawn for it. */
  function answer(res: ExpressResponse, status: number, body: object): void {
    if (res.locals.malformed === true) {
      const index = Math.min(Math.floor(random() * MALFORMED_ANSWERS.length), MALFORMED_ANSWERS.length - 1);
      const broken = MALFORMED_ANSWERS[index]!(body);
      res.status(status).type(broken.contentType).send(broken.text);
      return;
    }
    res.status(status).json(body);
  }

  function wantsJson(req: Request): boolean {
    return req.accepts(['html', 'json']) === 'json';
  }

  function baseUrlFor(req: Request): string {
    return state.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use('/signing-requests', applyFaults);

  app.post('/signing-requests', (req, res) => {
    const key = idempotencyKeySchema.safeParse(req.get('idempotency-key') ?? '');
    const parsed = createBodySchema.safeParse(req.body ?? {});
    if (!key.success || !parsed.success) {
      const details = [
        ...(key.success ? [] : [{ path: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'Idempotency-Key 不合法' }]),
        ...(parsed.success ? [] : validationDetails(parsed.error)),
      ];
      res.status(400).json(errorBody('VALIDATION_FAILED', '签署请求不合法', details));
      return;
    }
    const body: CreateBody = parsed.data;
    const fingerprint = canonicalJson(body);
    const previous = state.idempotency.get(key.data);
    if (previous !== undefined) {
      const record = state.requests.get(previous.requestId);
      if (previous.fingerprint !== fingerprint || record === undefined) {
        res.status(409).json(errorBody('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一份请求'));
        return;
      }
      answer(res, 200, { requestId: record.requestId, status: current(record).status, signingUrl: record.signingUrl });
      return;
    }

    const requestId = randomUUID();
    const record: SigningRequestRecord = {
      requestId,
      status: 'PENDING',
      documentHash: body.documentHash,
      documentTitle: body.documentTitle,
      signer: body.signer.phone === undefined ? { name: body.signer.name } : { name: body.signer.name, phone: body.signer.phone },
      callbackUrl: body.callbackUrl,
      externalRef: body.externalRef,
      signingUrl: `${baseUrlFor(req)}/sign/${requestId}`,
      createdAt: nowIso(),
      expiresAtMs: now() + signingTtlMs,
    };
    state.requests.set(requestId, record);
    state.idempotency.set(key.data, { fingerprint, requestId });
    answer(res, 201, { requestId, status: record.status, signingUrl: record.signingUrl });
  });

  app.get('/signing-requests/:id', (req, res) => {
    const record = state.requests.get(req.params.id);
    if (record === undefined) {
      res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
      return;
    }
    answer(res, 200, view(record));
  });

  app.post('/signing-requests/:id/cancel', (req, res) => {
    const found = state.requests.get(req.params.id);
    if (found === undefined) {
      res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
      return;
    }
    const record = current(found);
    if (record.status === 'SIGNED') {
      res.status(409).json(errorBody('ALREADY_SIGNED', '文件已签署,不能撤销'));
      return;
    }
    if (record.status === 'EXPIRED') {
      res.status(409).json(errorBody('REQUEST_EXPIRED', '签署请求已过期,不能撤销'));
      return;
    }
    record.status = 'CANCELLED';
    answer(res, 200, view(record));
  });

  // The signer's pages: no faults here, those belong to the provider's API.
  const htmlHeaders = (res: ExpressResponse) =>
    res
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");

  app.get('/sign/:id', (req, res) => {
    const record = state.requests.get(req.params.id);
    if (record === undefined) {
      htmlHeaders(res).status(404).send(messagePage('签署请求不存在', '链接无效或已被删除。'));
      return;
    }
    htmlHeaders(res).send(signingPage(current(record)));
  });

  app.post('/sign/:id', express.urlencoded({ extended: false, limit: '10kb' }), (req, res) => {
    const outcome = sign(req.params.id);
    const json = wantsJson(req);
    if (outcome.kind === 'not-found') {
      if (json) res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
      else htmlHeaders(res).status(404).send(messagePage('签署请求不存在', '链接无效或已被删除。'));
      return;
    }
    if (outcome.kind === 'conflict') {
      if (json) res.status(409).json(errorBody(`REQUEST_${outcome.record.status}`, `签署请求${STATUS_LABELS[outcome.record.status]},不能签署`));
      else htmlHeaders(res).status(409).send(signingPage(outcome.record));
      return;
    }
    if (json) res.json(view(outcome.record));
    else htmlHeaders(res).send(messagePage('已签署', `《${outcome.record.documentTitle}》已签署,可以关闭此页面。`));
  });

  app.post('/admin/requests/:id/sign', (req, res) => {
    const outcome = sign(req.params.id);
    if (outcome.kind === 'not-found') {
      res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
    } else if (outcome.kind === 'conflict') {
      res.status(409).json(errorBody(`REQUEST_${outcome.record.status}`, `签署请求${STATUS_LABELS[outcome.record.status]},不能签署`));
    } else {
      res.json({ ...view(outcome.record), eventId: outcome.record.event?.eventId });
    }
  });

  app.post('/admin/requests/:id/redeliver', (req, res) => {
    const record = state.requests.get(req.params.id);
    if (record === undefined) {
      res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
      return;
    }
    if (record.event === undefined) {
      res.status(409).json(errorBody('NOT_SIGNED', '签署请求尚未签署,没有可重发的事件'));
      return;
    }
    startDelivery(record, record.event, 'redeliver');
    res.status(202).json({ eventId: record.event.eventId });
  });

  app.post('/admin/requests/:id/expire', (req, res) => {
    const record = state.requests.get(req.params.id);
    if (record === undefined) {
      res.status(404).json(errorBody('NOT_FOUND', '签署请求不存在'));
      return;
    }
    record.expiresAtMs = Math.min(record.expiresAtMs, now());
    res.json(view(record));
  });

  app.get('/admin/deliveries', (req, res) => {
    const requestId = typeof req.query.requestId === 'string' ? req.query.requestId : undefined;
    res.json({ deliveries: state.deliveries.filter((delivery) => requestId === undefined || delivery.requestId === requestId) });
  });

  app.get('/admin/faults', (_req, res) => {
    res.json(state.faults);
  });

  app.post('/admin/faults/reset', (_req, res) => {
    state.faults = { ...NO_FAULTS };
    res.json(state.faults);
  });

  app.post('/admin/faults', (req, res) => {
    const parsed = faultsBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json(errorBody('VALIDATION_FAILED', '故障设置不合法', validationDetails(parsed.error)));
      return;
    }
    state.faults = { ...NO_FAULTS, ...parsed.data };
    res.json(state.faults);
  });

  app.use(notFoundHandler);
  app.use(simulatorErrorHandler);

  return { app, state };
}

/** Closes a listening simulator, releasing held requests and stopping webhook deliveries first. */
export function closeEsignSimulatorServer(server: Server, state: EsignSimulatorState): Promise<void> {
  return closeSimulator(server, () => {
    state.closeHeld();
    state.stopDeliveries();
  });
}
