import type { Server } from 'node:http';
import { Decimal } from 'decimal.js';
import express, { type Response } from 'express';
import { z } from 'zod';
import { computeCheckChar } from '../../domain/id-number';
import { closeSimulator, createHeldSockets, errorBody, notFoundHandler, simulatorErrorHandler } from '../shared/http';
import { type FaultSettings, faultsFor, NO_FAULTS, registerPersonFaultRoutes } from '../shared/person-faults';

/**
 * Stand-in for an origin agency (转出地经办机构) taking pension transfer cases.
 *
 * Progress is computed, not timed: a case advances whenever it is read, by the step durations in
 * `Timings`, measured from the moment it reached its current status. `history[].at` is the moment
 * each status was due, not when someone looked, so a case read late shows the same history as one
 * read often. Changing the timings first settles every case under the old ones, so no case ever
 * moves backwards.
 *
 * Faults (shape shared with the national-records simulator) hit every non-admin endpoint. A 503 or
 * a held socket picks its moment with a second roll of `random`: below 0.5 it happens BEFORE the
 * request is processed (nothing stored, the idempotency key stays unused), from 0.5 on it happens
 * AFTER (the case is created, the key recorded, a withdrawal done, and only the answer is lost).
 * Only the Idempotency-Key makes a retry safe.
 *
 * Outcomes (POST /admin/outcomes) queue per ID number; each NEW case takes the first one (replays
 * under a known key do not). A REJECT case sits in `atStatus` for that step's time, then turns
 * REJECTED instead of advancing. A PARTIAL case shows `partial` and the reduced `monthsTransferred`
 * from ORIGIN_REVIEWED on (the 信息表), and funds on those months from FUNDS_TRANSFERRED on.
 */

export const PROGRESS_STATUSES = ['ACCEPTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'COMPLETED'] as const;
export const CASE_STATUSES = [...PROGRESS_STATUSES, 'REJECTED', 'WITHDRAWN'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses a rejection can follow: the origin refuses while the case sits in one of these. */
export const REJECTABLE_STATUSES = ['ACCEPTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED'] as const;
export type RejectableStatus = (typeof REJECTABLE_STATUSES)[number];

export const REJECTION_CODES = [
  'ID_MISMATCH',
  'ARREARS',
  'RECORD_NOT_FOUND',
  'STILL_ACTIVE',
  'DUPLICATE_ENROLLMENT',
  'INCOMPLETE_FORM',
  'OTHER',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Milliseconds each step takes, counted from the moment the case reached the step's starting status. */
export interface Timings {
  /** ACCEPTED → CONTACT_LETTER_SENT */
  contactLetterMs: number;
  /** CONTACT_LETTER_SENT → ORIGIN_REVIEWED */
  reviewMs: number;
  /** ORIGIN_REVIEWED → FUNDS_TRANSFERRED */
  fundsMs: number;
  /** FUNDS_TRANSFERRED → COMPLETED */
  completionMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_TIMINGS: Readonly<Timings> = { contactLetterMs: DAY_MS, reviewMs: DAY_MS, fundsMs: DAY_MS, completionMs: DAY_MS };

const STEPS: readonly { from: CaseStatus; to: CaseStatus; timing: keyof Timings }[] = [
  { from: 'ACCEPTED', to: 'CONTACT_LETTER_SENT', timing: 'contactLetterMs' },
  { from: 'CONTACT_LETTER_SENT', to: 'ORIGIN_REVIEWED', timing: 'reviewMs' },
  { from: 'ORIGIN_REVIEWED', to: 'FUNDS_TRANSFERRED', timing: 'fundsMs' },
  { from: 'FUNDS_TRANSFERRED', to: 'COMPLETED', timing: 'completionMs' },
];

export type { FaultSettings, FaultsView } from '../shared/person-faults';

export interface TransferRequest {
  idNumber: string;
  name: string;
  originCityCode: string;
  destinationCityCode: string;
  destinationAgency: string;
  contributionMonths: number;
  /** Normalized to two decimals. */
  monthlyBase: string;
  /** Lower-case hex. */
  formHash: string;
}

export type Outcome =
  | { type: 'REJECT'; atStatus: RejectableStatus; code: RejectionCode; reason: string }
  | { type: 'PARTIAL'; monthsNotTransferable: number; reason: string };

/** An outcome waiting for the person's next submissions; each new case uses up one of `times`. */
export type PendingOutcome = Outcome & { times: number };

export interface HistoryEntry {
  status: CaseStatus;
  /** Epoch milliseconds. */
  at: number;
}

export interface StoredCase {
  caseId: string;
  idempotencyKey: string;
  request: TransferRequest;
  /** The outcome taken from the person's queue when the case was created; none means a plain success. */
  outcome: Outcome | undefined;
  acceptedAt: number;
  history: HistoryEntry[];
}

export interface OriginAgencySimulatorState {
  readonly cases: Map<string, StoredCase>;
  /** Idempotency-Key → the case it created and the fingerprint of the body that created it. */
  readonly idempotencyKeys: Map<string, { caseId: string; fingerprint: string }>;
  readonly outcomes: Map<string, PendingOutcome[]>;
  readonly faultsByIdNumber: Map<string, FaultSettings>;
  /** POST /transfers received per ID number (faulted, invalid-but-identifiable and replayed ones too). */
  readonly submissionsByIdNumber: Map<string, number>;
  /** Every POST /transfers received, including those without a usable ID number. */
  submissions: number;
  globalFaults: FaultSettings;
  timings: Timings;
  /** Clears cases, keys, outcomes, faults and counts; restores the timings given at creation. */
  reset(): void;
  /** Destroys the sockets of requests held open by a timeout fault or still waiting out latency. */
  closeHeld(): void;
  /** Settles every case under the current timings, then switches to the new ones. */
  setTimings(timings: Partial<Timings>): Timings;
}

export interface OriginAgencySimulatorOptions {
  timings?: Partial<Timings>;
  /** Decides which requests get a fault and when; inject it to make fault tests deterministic. */
  random?: () => number;
  /** Epoch milliseconds; inject it to move cases along without waiting. */
  now?: () => number;
}

export interface OriginAgencySimulator {
  app: express.Express;
  state: OriginAgencySimulatorState;
}

const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const POOLED_FUND_RATE = new Decimal('0.12');
const INDIVIDUAL_ACCOUNT_RATE = new Decimal('0.08');

const idNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(ID_NUMBER_PATTERN, '身份证号应为17位数字加1位数字或X');

// zod runs a refinement even after the pattern failed; that failure is reported already.
const checkedIdNumberSchema = idNumberSchema.refine(
  (idNumber) => !ID_NUMBER_PATTERN.test(idNumber) || computeCheckChar(idNumber.slice(0, 17)) === idNumber[17],
  '身份证号校验位不正确',
);

const cityCodeSchema = z.string().regex(/^\d{6}$/, '地区代码应为6位数字');

const transferRequestSchema = z
  .strictObject({
    idNumber: checkedIdNumberSchema,
    name: z.string().trim().min(1, '姓名不能为空').max(50, '姓名过长'),
    originCityCode: cityCodeSchema,
    destinationCityCode: cityCodeSchema,
    destinationAgency: z.string().trim().min(1, '转入地经办机构不能为空').max(100, '转入地经办机构名称过长'),
    contributionMonths: z.number().int('缴费月数应为整数').nonnegative('缴费月数不能为负'),
    monthlyBase: z
      .string()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, '缴费基数应为最多两位小数的金额字符串')
      .transform((value) => new Decimal(value).toFixed(2)),
    formHash: z
      .string()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/, '申请表摘要应为64位十六进制 SHA-256'),
  })
  .superRefine((request, ctx) => {
    if (request.originCityCode === request.destinationCityCode) {
      ctx.addIssue({ code: 'custom', path: ['destinationCityCode'], message: '转入地与转出地相同' });
    }
  });

const idempotencyKeySchema = z
  .string({ error: '缺少 Idempotency-Key 请求头' })
  .regex(IDEMPOTENCY_KEY_PATTERN, 'Idempotency-Key 应为1至255个可见 ASCII 字符');

const idNumberScopeSchema = z.strictObject({ idNumber: idNumberSchema.optional() });

const stepMsSchema = z
  .number()
  .int()
  .min(0)
  .max(366 * DAY_MS);

const timingsBodySchema = z.strictObject({
  stepMs: stepMsSchema.optional(),
  contactLetterMs: stepMsSchema.optional(),
  reviewMs: stepMsSchema.optional(),
  fundsMs: stepMsSchema.optional(),
  completionMs: stepMsSchema.optional(),
});

const reasonSchema = z.string().trim().min(1, '原因不能为空').max(500);
const timesSchema = z.number().int().min(1).max(1000).default(1);

const outcomeSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('REJECT'),
    atStatus: z.enum(REJECTABLE_STATUSES),
    code: z.enum(REJECTION_CODES),
    reason: reasonSchema,
    times: timesSchema,
  }),
  z.strictObject({
    type: z.literal('PARTIAL'),
    monthsNotTransferable: z.number().int().min(1),
    reason: reasonSchema,
    times: timesSchema,
  }),
]);

const outcomesBodySchema = z.strictObject({ idNumber: idNumberSchema, outcome: outcomeSchema });


/** One detail per bad field; an unknown field is reported under its own name. */
function validationDetails(error: z.ZodError, prefix: readonly string[] = []) {
  return error.issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: '不认识的字段' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

function fingerprint(request: TransferRequest): string {
  const { idNumber, name, originCityCode, destinationCityCode, destinationAgency, contributionMonths, monthlyBase, formHash } = request;
  return JSON.stringify([idNumber, name, originCityCode, destinationCityCode, destinationAgency, contributionMonths, monthlyBase, formHash]);
}

function currentStatus(stored: StoredCase): CaseStatus {
  const last = stored.history[stored.history.length - 1];
  if (last === undefined) throw new Error(`case ${stored.caseId} has no history`);
  return last.status;
}

function reached(stored: StoredCase, status: CaseStatus): boolean {
  return stored.history.some((entry) => entry.status === status);
}

export interface CaseView {
  caseId: string;
  status: CaseStatus;
  history: { status: CaseStatus; at: string }[];
  rejection?: { code: RejectionCode; reason: string };
  monthsTransferred?: number;
  partial?: { monthsNotTransferable: number; reason: string };
  funds?: { individualAccount: string; pooledFund: string; currency: 'CNY' };
}

/** What the origin tells the destination: months from ORIGIN_REVIEWED on (信息表), funds from FUNDS_TRANSFERRED on. */
function caseView(stored: StoredCase): CaseView {
  const view: CaseView = {
    caseId: stored.caseId,
    status: currentStatus(stored),
    history: stored.history.map((entry) => ({ status: entry.status, at: new Date(entry.at).toISOString() })),
  };
  const { outcome, request } = stored;
  if (view.status === 'REJECTED' && outcome?.type === 'REJECT') {
    view.rejection = { code: outcome.code, reason: outcome.reason };
  }
  if (reached(stored, 'ORIGIN_REVIEWED')) {
    const notTransferable = outcome?.type === 'PARTIAL' ? Math.min(outcome.monthsNotTransferable, request.contributionMonths) : 0;
    const months = request.contributionMonths - notTransferable;
    view.monthsTransferred = months;
    if (outcome?.type === 'PARTIAL') {
      view.partial = { monthsNotTransferable: notTransferable, reason: outcome.reason };
    }
    if (reached(stored, 'FUNDS_TRANSFERRED')) {
      const base = new Decimal(request.monthlyBase).times(months);
      view.funds = {
        individualAccount: base.times(INDIVIDUAL_ACCOUNT_RATE).toFixed(2, Decimal.ROUND_HALF_UP),
        pooledFund: base.times(POOLED_FUND_RATE).toFixed(2, Decimal.ROUND_HALF_UP),
        currency: 'CNY',
      };
    }
  }
  return view;
}

function withoutField(body: unknown, field: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { unexpected: true };
  const copy: Record<string, unknown> = { ...body };
  delete copy[field];
  return copy;
}

/** The ways a real gateway breaks a 2xx answer: cut-off bodies, schema drift, an HTML error page. */
const MALFORMED_ANSWERS: ((body: unknown) => { contentType: string; text: string })[] = [
  (body) => {
    const json = JSON.stringify(body);
    return { contentType: 'application/json', text: json.slice(0, Math.floor(json.length / 2)) };
  },
  (body) => ({ contentType: 'application/json', text: JSON.stringify(withoutField(body, 'status')) }),
  () => ({
    contentType: 'text/html; charset=utf-8',
    text: '<!DOCTYPE html><html><body><h1>系统维护中,请稍后访问</h1></body></html>',
  }),
];

interface Answer {
  status: number;
  body: unknown;
}

/** Case numbers keep counting across resets, so a case number from before a reset is unknown afterwards. */
let caseSequence = 0;

export function createOriginAgencySimulator(options: OriginAgencySimulatorOptions = {}): OriginAgencySimulator {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const initialTimings: Timings = { ...DEFAULT_TIMINGS, ...options.timings };
  const held = createHeldSockets();
  const { hold, delay } = held;

  /** Moves a case along to `at`: each step is due its duration after the status before it. */
  function advance(stored: StoredCase, at: number): void {
    for (;;) {
      const last = stored.history[stored.history.length - 1];
      const step = STEPS.find((candidate) => candidate.from === last?.status);
      if (last === undefined || step === undefined) return;
      const due = last.at + state.timings[step.timing];
      if (due > at) return;
      const outcome = stored.outcome;
      if (outcome?.type === 'REJECT' && outcome.atStatus === last.status) {
        stored.history.push({ status: 'REJECTED', at: due });
        return;
      }
      stored.history.push({ status: step.to, at: due });
    }
  }

  const state: OriginAgencySimulatorState = {
    cases: new Map(),
    idempotencyKeys: new Map(),
    outcomes: new Map(),
    faultsByIdNumber: new Map(),
    submissionsByIdNumber: new Map(),
    submissions: 0,
    globalFaults: { ...NO_FAULTS },
    timings: { ...initialTimings },
    reset() {
      state.cases.clear();
      state.idempotencyKeys.clear();
      state.outcomes.clear();
      state.faultsByIdNumber.clear();
      state.submissionsByIdNumber.clear();
      state.submissions = 0;
      state.globalFaults = { ...NO_FAULTS };
      state.timings = { ...initialTimings };
    },
    closeHeld() {
      held.destroyAll();
    },
    setTimings(timings) {
      const at = now();
      for (const stored of state.cases.values()) advance(stored, at);
      state.timings = { ...state.timings, ...timings };
      return { ...state.timings };
    },
  };

  const happens = (rate: number): boolean => rate > 0 && random() < rate;




  function sendMalformed(res: Response, answer: Answer): void {
    const index = Math.min(Math.floor(random() * MALFORMED_ANSWERS.length), MALFORMED_ANSWERS.length - 1);
    const broken = MALFORMED_ANSWERS[index]!(answer.body);
    res.status(answer.status).type(broken.contentType).send(broken.text);
  }

  /**
   * Runs `process` under the faults of `idNumber` (or the global ones). A 503 or a held socket
   * comes before processing or after it, by a second roll: < 0.5 before, otherwise after.
   */
  async function withFaults(res: Response, idNumber: string | undefined, process: () => Answer): Promise<void> {
    const faults = faultsFor(state, idNumber);
    if (faults.latencyMs > 0 && !(await delay(res, faults.latencyMs))) return;
    const failure = happens(faults.timeoutRate) ? 'timeout' : happens(faults.errorRate) ? 'error' : undefined;
    const after = failure !== undefined && random() >= 0.5;
    const fail = () => {
      if (failure === 'timeout') hold(res);
      else res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '系统繁忙,请稍后再试'));
    };
    if (failure !== undefined && !after) {
      fail();
      return;
    }
    const answer = process();
    if (failure !== undefined) {
      fail();
      return;
    }
    if (answer.status >= 200 && answer.status < 300 && happens(faults.malformedRate)) {
      sendMalformed(res, answer);
      return;
    }
    res.status(answer.status).json(answer.body);
  }

  function nextCaseId(at: number): string {
    caseSequence += 1;
    const date = new Date(at).toISOString().slice(0, 10).replaceAll('-', '');
    return `ZY${date}${String(caseSequence).padStart(6, '0')}`;
  }

  /** Takes the first pending outcome of the person, using up one of its `times`. */
  function takeOutcome(idNumber: string): Outcome | undefined {
    const queue = state.outcomes.get(idNumber);
    const first = queue?.[0];
    if (queue === undefined || first === undefined) return undefined;
    const { times, ...outcome } = first;
    if (times <= 1) queue.shift();
    else first.times = times - 1;
    if (queue.length === 0) state.outcomes.delete(idNumber);
    return outcome;
  }

  function submit(rawKey: unknown, rawBody: unknown): Answer {
    const key = idempotencyKeySchema.safeParse(rawKey);
    const body = transferRequestSchema.safeParse(rawBody);
    if (!key.success || !body.success) {
      const details = [
        ...(key.success ? [] : validationDetails(key.error, ['Idempotency-Key'])),
        ...(body.success ? [] : validationDetails(body.error)),
      ];
      return { status: 400, body: errorBody('VALIDATION_FAILED', '转移申请不合法', details) };
    }
    const request: TransferRequest = body.data;
    const print = fingerprint(request);
    const known = state.idempotencyKeys.get(key.data);
    if (known !== undefined) {
      if (known.fingerprint !== print) {
        return { status: 409, body: errorBody('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一份申请') };
      }
      const stored = state.cases.get(known.caseId);
      if (stored === undefined) throw new Error(`idempotency key points at a missing case ${known.caseId}`);
      advance(stored, now());
      return { status: 200, body: { caseId: stored.caseId, status: currentStatus(stored) } };
    }
    const at = now();
    const stored: StoredCase = {
      caseId: nextCaseId(at),
      idempotencyKey: key.data,
      request,
      outcome: takeOutcome(request.idNumber),
      acceptedAt: at,
      history: [{ status: 'ACCEPTED', at }],
    };
    state.cases.set(stored.caseId, stored);
    state.idempotencyKeys.set(key.data, { caseId: stored.caseId, fingerprint: print });
    return { status: 201, body: { caseId: stored.caseId, status: 'ACCEPTED' } };
  }

  function notFound(): Answer {
    return { status: 404, body: errorBody('CASE_NOT_FOUND', '业务不存在') };
  }

  function withdraw(stored: StoredCase): Answer {
    const at = now();
    advance(stored, at);
    const status = currentStatus(stored);
    if (status === 'COMPLETED' || status === 'REJECTED') {
      return { status: 409, body: errorBody('CASE_CLOSED', status === 'COMPLETED' ? '业务已办结,不能撤回' : '业务已被退回,不能撤回') };
    }
    if (status !== 'WITHDRAWN') stored.history.push({ status: 'WITHDRAWN', at });
    return { status: 200, body: caseView(stored) };
  }

  function parseIdNumber(raw: unknown, res: Response): string | undefined | null {
    if (raw === undefined) return undefined;
    const parsed = idNumberSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    res.status(400).json(errorBody('INVALID_ID_NUMBER', '身份证号格式不正确'));
    return null;
  }

  function adminValidationFailed(res: Response, message: string, error: z.ZodError): void {
    res.status(400).json(errorBody('VALIDATION_FAILED', message, validationDetails(error)));
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.post('/transfers', async (req, res) => {
    const rawBody: unknown = req.body;
    const rawIdNumber = typeof rawBody === 'object' && rawBody !== null ? (rawBody as { idNumber?: unknown }).idNumber : undefined;
    const scoped = idNumberSchema.safeParse(rawIdNumber);
    const idNumber = scoped.success ? scoped.data : undefined;
    state.submissions += 1;
    if (idNumber !== undefined) state.submissionsByIdNumber.set(idNumber, (state.submissionsByIdNumber.get(idNumber) ?? 0) + 1);
    await withFaults(res, idNumber, () => submit(req.get('Idempotency-Key'), rawBody));
  });

  app.get('/transfers/:caseId', async (req, res) => {
    const stored = state.cases.get(req.params.caseId);
    await withFaults(res, stored?.request.idNumber, () => {
      if (stored === undefined) return notFound();
      advance(stored, now());
      return { status: 200, body: caseView(stored) };
    });
  });

  app.post('/transfers/:caseId/withdraw', async (req, res) => {
    const stored = state.cases.get(req.params.caseId);
    await withFaults(res, stored?.request.idNumber, () => (stored === undefined ? notFound() : withdraw(stored)));
  });

  app.post('/admin/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });

  app.get('/admin/timings', (_req, res) => {
    res.json(state.timings);
  });

  app.post('/admin/timings', (req, res) => {
    const parsed = timingsBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      adminValidationFailed(res, '时限设置不合法', parsed.error);
      return;
    }
    const { stepMs, ...perStep } = parsed.data;
    const all: Partial<Timings> =
      stepMs === undefined ? {} : { contactLetterMs: stepMs, reviewMs: stepMs, fundsMs: stepMs, completionMs: stepMs };
    const defined = Object.fromEntries(Object.entries(perStep).filter(([, value]) => value !== undefined));
    res.json(state.setTimings({ ...all, ...defined }));
  });

  app.get('/admin/outcomes', (_req, res) => {
    res.json({ byIdNumber: Object.fromEntries(state.outcomes) });
  });

  app.post('/admin/outcomes/reset', (req, res) => {
    const parsed = idNumberScopeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      adminValidationFailed(res, '结果设置不合法', parsed.error);
      return;
    }
    if (parsed.data.idNumber === undefined) state.outcomes.clear();
    else state.outcomes.delete(parsed.data.idNumber);
    res.json({ byIdNumber: Object.fromEntries(state.outcomes) });
  });

  /** Queues an outcome for the person's next new cases (idempotent replays do not use one up). */
  app.post('/admin/outcomes', (req, res) => {
    const parsed = outcomesBodySchema.safeParse(req.body);
    if (!parsed.success) {
      adminValidationFailed(res, '结果设置不合法', parsed.error);
      return;
    }
    const { idNumber, outcome } = parsed.data;
    const queue = state.outcomes.get(idNumber) ?? [];
    queue.push(outcome);
    state.outcomes.set(idNumber, queue);
    res.json({ idNumber, pending: queue });
  });

  registerPersonFaultRoutes(app, state, idNumberSchema, (res, error) => adminValidationFailed(res, '故障设置不合法', error));

  app.get('/admin/stats', (_req, res) => {
    const byIdNumber: Record<string, { submissions: number; cases: number }> = {};
    for (const [idNumber, submissions] of state.submissionsByIdNumber) byIdNumber[idNumber] = { submissions, cases: 0 };
    for (const stored of state.cases.values()) {
      const entry = (byIdNumber[stored.request.idNumber] ??= { submissions: 0, cases: 0 });
      entry.cases += 1;
    }
    res.json({ cases: state.cases.size, submissions: state.submissions, byIdNumber });
  });

  app.get('/admin/cases', (req, res) => {
    const idNumber = parseIdNumber(req.query.idNumber, res);
    if (idNumber === null) return;
    const at = now();
    const cases = [...state.cases.values()]
      .filter((stored) => idNumber === undefined || stored.request.idNumber === idNumber)
      .map((stored) => {
        advance(stored, at);
        return {
          ...caseView(stored),
          idNumber: stored.request.idNumber,
          idempotencyKey: stored.idempotencyKey,
          request: stored.request,
          outcome: stored.outcome ?? null,
        };
      });
    res.json({ cases });
  });

  app.use(notFoundHandler);
  app.use(simulatorErrorHandler);

  return { app, state };
}

/** Closes a listening simulator, releasing held requests first so close() does not wait on them forever. */
export function closeOriginAgencySimulatorServer(server: Server, state: OriginAgencySimulatorState): Promise<void> {
  return closeSimulator(server, () => state.closeHeld());
}
