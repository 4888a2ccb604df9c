import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Response } from 'supertest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createApp } from '../../api/app';
import { employeeKey } from '../../api/employee-key';
import { ESIGN_SIGNATURE_HEADER, ESIGN_TIMESTAMP_HEADER, signEsignPayload } from '../../api/webhooks/esign-signature';
import { addDays, shanghaiDate } from '../../domain/business-date';
import { TRANSFER_STATUSES } from '../../domain/transfer';
import { toDbDate } from '../../prisma/dates';
import type { DeliveryAttempt } from '../../simulators/esign/app';
import { pensionTransferWorkflowId } from '../../workflows/transfer/ids';
import { transferStateQuery, type TransferTimings } from '../../workflows/transfer/messages';
import { uniqueIdNumber } from '../support/id-numbers';
import { hire, waitFor } from '../support/onboarding';
import { startStack, TEST_EMPLOYEE_KEY_SECRET, TEST_ESIGN_SECRET, type TestStack, bearer } from '../support/stack';
import { hireWithTransfer, openSigningRequestId, signAsEmployee, waitForTransferStatus } from '../support/transfer';

/**
 * The stack's fast agency and polling, but a signature that neither reminds nor expires while a
 * test looks at AWAITING_SIGNATURE (the stack's default deadline is 5 seconds).
 */
const TIMINGS: TransferTimings = {
  signatureReminderInterval: '1 hour',
  signatureDeadline: '7 days',
  pollInterval: '200 milliseconds',
  maxPollInterval: '1 second',
};

let stack: TestStack;
let app: ReturnType<typeof createApp>;
/** Requests as an HR manager, who may do every social insurance operation. */
let hr: () => ReturnType<typeof request.agent>;
let managerAuth: string;
/** What the API's error handler logged: anything here was answered with a 500. */
const loggedErrors: unknown[] = [];
/** Transfers this file started; whatever still runs at the end is terminated. */
const startedTransfers = new Set<string>();

beforeAll(async () => {
  stack = await startStack({ transferTimings: TIMINGS });
  app = createApp(stack.appDeps({ logError: (error) => loggedErrors.push(error) }));
  managerAuth = await bearer('hr_manager');
  hr = () => request.agent(app).set('authorization', managerAuth);
});

afterEach(() => {
  const logged = loggedErrors.splice(0);
  expect(logged).toEqual([]);
});

afterAll(async () => {
  if (stack) {
    for (const transferId of startedTransfers) {
      const handle = stack.client.workflow.getHandle(transferId);
      try {
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test cleanup');
      } catch {
        // Never started, or closed meanwhile.
      }
    }
  }
  await stack?.close();
});

const CHINESE = /[\u4e00-\u9fff]/;
const LATER_THAN_SIGNATURE = ['SIGNED', 'SUBMITTED', 'CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED', 'COMPLETED'];

interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; code: string; message: string }[] };
}

function errorOf(res: Response): ErrorBody['error'] {
  expect(res.headers['content-type']).toMatch(/application\/json/);
  return (res.body as ErrorBody).error;
}

function fieldsOf(res: Response): string[] {
  return [...new Set(errorOf(res).details.map((detail) => detail.field ?? ''))].sort();
}

function codesFor(res: Response, field: string): string[] {
  return errorOf(res)
    .details.filter((detail) => detail.field === field)
    .map((detail) => detail.code);
}

interface TransferView {
  id: string;
  employeeId: string;
  onboardingId: string | null;
  originCity: string;
  destinationCity: string;
  status: string;
  flags: string[];
  signingRound: number;
  signing: { requestId: string; url: string | null } | null;
  agencyCaseId: string | null;
  submissions: number;
  contributionMonths: { fromOrigin: number; transferred: number | null; local: number | null; total: number | null };
  funds: { individualAccount: string; pooledFund: string; currency: string } | null;
  originMarkedTransferred: boolean;
  form: { id: string; kind: string; sha256: string; byteSize: number; createdAt: string; url: string } | null;
  timeline: { at: string; type: string; message: string }[];
  createdAt: string;
  completedAt: string | null;
}

async function viewOf(id: string): Promise<TransferView> {
  const res = await hr().get(`/api/transfers/${encodeURIComponent(id)}`);
  expect(res.status).toBe(200);
  return res.body as TransferView;
}

/**
 * The API's view, which follows the database: the workflow's own state may be a step ahead of it,
 * and a transfer the onboarding has just started has no row (404) until its first activity ran.
 */
async function waitForView(id: string, statuses: string[], timeoutMs = 30_000): Promise<TransferView> {
  return waitFor(
    async () => {
      const res = await hr().get(`/api/transfers/${encodeURIComponent(id)}`);
      if (res.status === 404) return undefined;
      expect(res.status).toBe(200);
      const view = res.body as TransferView;
      return statuses.includes(view.status) ? view : undefined;
    },
    timeoutMs,
    `transfer ${id} to reach ${statuses.join(' / ')}`,
  );
}

/**
 * Until the workflow sits in its signature wait (its reminder timer runs), rather than still
 * finishing the activity that records AWAITING_SIGNATURE: the status is set before that activity.
 */
async function waitForSignatureWait(transferId: string) {
  await waitFor(
    async () => {
      const events = (await stack.client.workflow.getHandle(transferId).fetchHistory()).events ?? [];
      const started = events.filter((event) => event.timerStartedEventAttributes).length;
      const ended = events.filter((event) => event.timerFiredEventAttributes || event.timerCanceledEventAttributes).length;
      return started > ended ? true : undefined;
    },
    20_000,
    `transfer ${transferId} to wait for the signature`,
  );
}

/** 王女士: 36 months in 广州, hired in 长沙; her onboarding starts the transfer, which waits for her signature. */
async function transferAwaitingSignature() {
  const hired = await hireWithTransfer(stack);
  startedTransfers.add(hired.transferId);
  const view = await waitForView(hired.transferId, ['AWAITING_SIGNATURE']);
  await waitForSignatureWait(hired.transferId);
  return { ...hired, employeeId: hired.onboarding.employeeId, view };
}

async function workflowRunIds(workflowId: string): Promise<string[]> {
  const runIds: string[] = [];
  for await (const execution of stack.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runIds.push(execution.runId);
  return runIds;
}

async function expectNoWorkflow(workflowId: string) {
  await expect(stack.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

async function signalsReceived(workflowId: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes).length;
}

/** An employee row as the onboarding's registration step writes it, but no enrollment. */
async function createUnenrolledEmployee(workCityCode: string): Promise<string> {
  const idNumber = uniqueIdNumber({ gender: 'MALE', birthDate: '1986-02-14', region: '430104' });
  const id = employeeKey(idNumber, TEST_EMPLOYEE_KEY_SECRET);
  await stack.db.employee.create({
    data: {
      id,
      idNumber,
      name: '赵六',
      gender: 'MALE',
      birthDate: toDbDate('1986-02-14'),
      workCityCode,
      hireDate: toDbDate(addDays(shanghaiDate(new Date()), -3)),
    },
  });
  return id;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

interface EsignEvent {
  eventId: string;
  type: string;
  requestId: string;
  externalRef: string;
  documentHash: string;
  signedAt: string;
}

function esignEvent(overrides: Partial<EsignEvent> = {}): EsignEvent {
  return {
    eventId: randomUUID(),
    type: 'signing.completed',
    requestId: randomUUID(),
    externalRef: `pension-transfer-emp_${randomUUID().replaceAll('-', '')}-440100`,
    documentHash: 'ab'.repeat(32),
    signedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The event the provider would send for the transfer's open signing request. */
function eventForOpenRequest(transferId: string): EsignEvent {
  const requestId = openSigningRequestId(stack, transferId);
  const record = stack.esign.state.requests.get(requestId);
  if (!record) throw new Error(`no signing request ${requestId}`);
  return esignEvent({ requestId, externalRef: transferId, documentHash: record.documentHash });
}

interface WebhookOptions {
  secret?: string;
  timestamp?: number | string;
  omit?: ('timestamp' | 'signature')[];
  signature?: string;
}

function postWebhook(rawBody: string, options: WebhookOptions = {}) {
  const timestamp = options.timestamp ?? nowSeconds();
  let req = hr().post('/api/webhooks/esign').set('content-type', 'application/json');
  if (!options.omit?.includes('timestamp')) req = req.set(ESIGN_TIMESTAMP_HEADER, String(timestamp));
  if (!options.omit?.includes('signature')) {
    req = req.set(ESIGN_SIGNATURE_HEADER, options.signature ?? signEsignPayload(options.secret ?? TEST_ESIGN_SECRET, timestamp, rawBody));
  }
  return req.send(rawBody);
}

async function webhookRows(eventId: string): Promise<number> {
  return stack.db.webhookEvent.count({ where: { id: `esign:${eventId}` } });
}

/** Nothing reached the workflow: no signal in its history, still waiting, nothing recorded, the provider's request still open. */
async function expectStillUnsigned(transferId: string, event: EsignEvent) {
  expect(await signalsReceived(transferId)).toBe(0);
  expect((await stack.client.workflow.getHandle(transferId).query(transferStateQuery)).status).toBe('AWAITING_SIGNATURE');
  expect((await viewOf(transferId)).status).toBe('AWAITING_SIGNATURE');
  expect(await webhookRows(event.eventId)).toBe(0);
  expect(stack.esign.state.requests.get(event.requestId)?.status).toBe('PENDING');
}

async function deliveriesOf(requestId: string): Promise<DeliveryAttempt[]> {
  const res = await fetch(`${stack.esign.url}/admin/deliveries?requestId=${encodeURIComponent(requestId)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { deliveries: DeliveryAttempt[] }).deliveries;
}

/** Keeps a binary body as a Buffer (superagent only buffers the types it knows). */
function readPdf(req: request.Test) {
  return req.buffer(true).parse((res, callback) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => callback(null, Buffer.concat(chunks)));
  });
}

describe('POST /api/transfers with bad input', () => {
  it.each<[string, unknown, Record<string, string[]>]>([
    ['an empty body', {}, { employeeId: ['INVALID_TYPE'], originCity: ['INVALID_TYPE'] }],
    ['nulls', { employeeId: null, originCity: null }, { employeeId: ['INVALID_TYPE'], originCity: ['INVALID_TYPE'] }],
    ['numbers', { employeeId: 42, originCity: 440100 }, { employeeId: ['INVALID_TYPE'], originCity: ['INVALID_TYPE'] }],
    ['blank and unknown', { employeeId: '   ', originCity: '999999' }, { employeeId: ['TOO_SMALL'], originCity: ['UNKNOWN_CITY'] }],
    // A district code is not a pooling region: the origin is named by its city.
    ['too long and a district', { employeeId: 'e'.repeat(65), originCity: '440103' }, { employeeId: ['TOO_BIG'], originCity: ['UNKNOWN_CITY'] }],
  ])('lists every bad field of %s with a stable code and a Chinese message, and writes nothing', async (_name, body, expected) => {
    const res = await hr().post('/api/transfers').send(body as object);
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(CHINESE);
    expect(fieldsOf(res)).toEqual(Object.keys(expected).sort());
    for (const [field, codes] of Object.entries(expected)) expect(codesFor(res, field)).toEqual(codes);
    for (const detail of error.details) expect(detail.message).toMatch(CHINESE);

    const employeeId = (body as { employeeId?: unknown }).employeeId;
    if (typeof employeeId === 'string') expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);
  });

  it('refuses a body that is not a JSON object', async () => {
    const array = await hr().post('/api/transfers').send([]);
    expect(array.status).toBe(400);
    expect(errorOf(array).code).toBe('VALIDATION_FAILED');
    expect(errorOf(array).details).toEqual([expect.objectContaining({ message: '请求体应为 JSON 对象' })]);

    const broken = await hr().post('/api/transfers').set('content-type', 'application/json').send('{"employeeId": ');
    expect(broken.status).toBe(400);
    expect(errorOf(broken).code).toBe('INVALID_JSON');
  });

  it('answers an unknown employee with 404 EMPLOYEE_NOT_FOUND and starts nothing', async () => {
    const employeeId = `emp_${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const res = await hr().post('/api/transfers').send({ employeeId, originCity: '440100' });
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('EMPLOYEE_NOT_FOUND');
    expect(errorOf(res).message).toMatch(CHINESE);
    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);
    await expectNoWorkflow(pensionTransferWorkflowId(employeeId, '440100'));
  });

  it.each([
    ['长沙', '430102', '430100'],
    ['北京', '110105', '110000'],
  ])('refuses an origin in the employee’s own pooling region (%s) with 400 SAME_REGION', async (_city, workCity, origin) => {
    const employeeId = await createUnenrolledEmployee(workCity);
    const res = await hr().post('/api/transfers').send({ employeeId, originCity: origin });
    expect(res.status).toBe(400);
    const error = errorOf(res);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ field: 'originCity', code: 'SAME_REGION', message: expect.stringMatching(CHINESE) }]);
    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);
    await expectNoWorkflow(pensionTransferWorkflowId(employeeId, origin));
  });

  it('refuses an employee with no enrollment in the work city with 409 NOT_ENROLLED and starts nothing', async () => {
    const employeeId = await createUnenrolledEmployee('430100');
    const res = await hr().post('/api/transfers').send({ employeeId, originCity: '440100' });
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe('NOT_ENROLLED');
    expect(errorOf(res).message).toMatch(CHINESE);
    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);
    await expectNoWorkflow(pensionTransferWorkflowId(employeeId, '440100'));
  });
});

describe('POST /api/transfers for an enrolled employee', () => {
  it('starts one transfer with 202, and the same request again reaches the same execution', async () => {
    // No prior records: the onboarding enrolls her and starts no transfer by itself.
    const hired = await hire(stack, { records: [] });
    await hired.handle.result();
    const employeeId = hired.onboarding.employeeId;
    const transferId = pensionTransferWorkflowId(employeeId, '440100');
    startedTransfers.add(transferId);
    expect(await stack.db.enrollment.count({ where: { employeeId, cityCode: '430100' } })).toBe(1);
    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);
    await expectNoWorkflow(transferId);

    // Her own region is still refused, and still writes nothing.
    const sameRegion = await hr().post('/api/transfers').send({ employeeId, originCity: '430100' });
    expect(sameRegion.status).toBe(400);
    expect(codesFor(sameRegion, 'originCity')).toEqual(['SAME_REGION']);
    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(0);

    const body = { employeeId, originCity: '440100' };
    const first = await hr().post('/api/transfers').send(body);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ id: transferId, workflowId: transferId, status: expect.any(String) });
    expect(TRANSFER_STATUSES).toContain(first.body.status);
    const runId = (await stack.client.workflow.getHandle(transferId).describe()).runId;

    // Again, and several at once: the same transfer every time.
    const again = await Promise.all(Array.from({ length: 4 }, () => hr().post('/api/transfers').send(body)));
    for (const res of again) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: transferId, workflowId: transferId, status: expect.any(String) });
    }

    const view = await waitForView(transferId, ['AWAITING_SIGNATURE']);
    expect(view).toMatchObject({
      id: transferId,
      employeeId,
      onboardingId: null,
      originCity: '440100',
      destinationCity: '430100',
      signingRound: 1,
      contributionMonths: { fromOrigin: 0 },
    });
    const later = await hr().post('/api/transfers').send(body);
    expect(later.status).toBe(202);
    expect(later.body).toEqual({ id: transferId, workflowId: transferId, status: 'AWAITING_SIGNATURE' });

    expect(await stack.db.pensionTransfer.count({ where: { employeeId } })).toBe(1);
    expect((await stack.client.workflow.getHandle(transferId).describe()).runId).toBe(runId);
    const runIds = await waitFor(
      async () => {
        const found = await workflowRunIds(transferId);
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the transfer to be visible',
    );
    expect(runIds).toEqual([runId]);
  });

  it('answers a transfer the onboarding already started with that same execution', async () => {
    const { transferId, transfer, employeeId, onboarding } = await transferAwaitingSignature();
    const runId = (await transfer.describe()).runId;
    const res = await hr().post('/api/transfers').send({ employeeId, originCity: '440100' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: transferId, workflowId: transferId, status: 'AWAITING_SIGNATURE' });
    expect((await transfer.describe()).runId).toBe(runId);
    // Still the onboarding's transfer, with its link to the case.
    expect((await viewOf(transferId)).onboardingId).toBe(onboarding.id);
  });
});

describe('GET /api/transfers/:id', () => {
  it('shows the state, the form, the signing link and the timeline of a transfer waiting for the signature', async () => {
    const { transferId, employeeId, onboarding, view } = await transferAwaitingSignature();
    const requestId = openSigningRequestId(stack, transferId);
    const signingRequest = stack.esign.state.requests.get(requestId);
    const stored = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
    const document = await stack.db.formDocument.findUniqueOrThrow({ where: { id: stored.formDocumentId ?? '' } });

    expect(view).toMatchObject({
      id: transferId,
      employeeId,
      onboardingId: onboarding.id,
      originCity: '440100',
      destinationCity: '430100',
      status: 'AWAITING_SIGNATURE',
      signingRound: 1,
      signing: { requestId, url: signingRequest?.signingUrl },
      agencyCaseId: null,
      submissions: 0,
      contributionMonths: { fromOrigin: 36, transferred: null, local: null, total: null },
      funds: null,
      originMarkedTransferred: false,
      form: {
        id: document.id,
        kind: 'TRANSFER_APPLICATION',
        sha256: document.sha256,
        byteSize: document.byteSize,
        createdAt: expect.any(String),
        url: `/api/transfers/${transferId}/form.pdf`,
      },
      completedAt: null,
    });
    expect(view.form?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The provider was asked to sign exactly this document.
    expect(signingRequest?.documentHash).toBe(view.form?.sha256);
    expect(view.signing?.url).toMatch(new RegExp(`/sign/${requestId}$`));

    expect(view.timeline.map((entry) => entry.type)).toEqual(['DRAFT', 'FORM_GENERATED', 'AWAITING_SIGNATURE']);
    expect(view.timeline.map((entry) => entry.message)).toEqual([
      '转移已建立:转出地 广州,36 个月',
      '已生成《基本养老保险关系转移接续申请表》',
      '已发送电子签署请求(第 1 次)',
    ]);
    const times = view.timeline.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('answers an unknown id with 404', async () => {
    const res = await hr().get(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}`);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
    expect(errorOf(res).message).toMatch(CHINESE);
  });
});

describe('GET /api/transfers/:id/form.pdf', () => {
  it('serves the stored application form as a PDF whose ETag and SHA-256 are the stored hash', async () => {
    const { transferId, view } = await transferAwaitingSignature();
    const stored = await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } });
    const document = await stack.db.formDocument.findUniqueOrThrow({ where: { id: stored.formDocumentId ?? '' } });
    expect(view.form?.sha256).toBe(document.sha256);

    const res = await readPdf(hr().get(view.form?.url ?? ''));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    const body = res.body as Buffer;
    expect(Buffer.isBuffer(body)).toBe(true);
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(body.length).toBe(document.byteSize);
    expect(res.headers.etag).toBe(`"${document.sha256}"`);
    expect(createHash('sha256').update(body).digest('hex')).toBe(document.sha256);

    // A client holding this version is told it is current.
    const cached = await hr().get(`/api/transfers/${transferId}/form.pdf`).set('if-none-match', `"${document.sha256}"`);
    expect(cached.status).toBe(304);
  });

  it('answers an unknown transfer with 404', async () => {
    const res = await hr().get(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}/form.pdf`);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });
});

describe('GET /api/transfers', () => {
  it('finds a transfer by status and origin city once Temporal’s visibility has it', async () => {
    const { transferId, employeeId } = await transferAwaitingSignature();
    const listed = await waitFor(
      async () => {
        const res = await hr().get('/api/transfers').query({ status: 'AWAITING_SIGNATURE', city: '440100' });
        expect(res.status).toBe(200);
        const transfers = (res.body as { transfers: { id: string; status: string; originCity: string }[] }).transfers;
        for (const transfer of transfers) expect(transfer).toMatchObject({ status: 'AWAITING_SIGNATURE', originCity: '440100' });
        return transfers.find((transfer) => transfer.id === transferId);
      },
      30_000,
      'the transfer in the filtered list',
    );
    expect(listed).toEqual({
      id: transferId,
      status: 'AWAITING_SIGNATURE',
      originCity: '440100',
      employeeId,
      execution: 'RUNNING',
      startedAt: expect.any(String),
    });

    const otherCity = await hr().get('/api/transfers').query({ status: 'AWAITING_SIGNATURE', city: '420100' });
    expect(otherCity.status).toBe(200);
    expect((otherCity.body as { transfers: { id: string }[] }).transfers.map((transfer) => transfer.id)).not.toContain(transferId);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['an unknown status', { status: 'DONE' }, ['status']],
    ['a lower-case status', { status: 'awaiting_signature' }, ['status']],
    ['an unknown city', { city: '999999' }, ['city']],
    ['a district instead of a city', { city: '440103' }, ['city']],
    ['both wrong', { status: 'DONE', city: 'guangzhou' }, ['city', 'status']],
  ])('refuses %s with 400', async (_name, query, fields) => {
    const res = await hr().get('/api/transfers').query(query);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(fields);
    for (const detail of errorOf(res).details) expect(detail.message).toMatch(CHINESE);
  });
});

describe('POST /api/transfers/:id/actions', () => {
  it.each<[string, unknown, string[]]>([
    ['an empty body', {}, ['action', 'actor', 'note']],
    ['an unknown action and blank strings', { action: 'EXPLODE', note: '   ', actor: '' }, ['action', 'actor', 'note']],
    ['wrong types', { action: 1, note: 2, actor: null }, ['action', 'actor', 'note']],
    ['a note that is too long', { action: 'CANCEL', note: '长'.repeat(501), actor: 'hr-manager' }, ['note']],
  ])('refuses %s with 400 listing each field', async (_name, body, fields) => {
    const res = await hr().post(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}/actions`).send(body as object);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual(fields);
    for (const detail of errorOf(res).details) expect(detail.message).toMatch(CHINESE);
  });

  it('answers an unknown transfer with 404', async () => {
    const res = await hr()
      .post(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}/actions`)
      .send({ action: 'CANCEL', note: '测试', actor: 'hr-manager' });
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('accepts RESUBMIT corrections without a name (corrections are optional; name is the only one allowed)', async () => {
    // The record's key is z.enum(['name']); in zod 4 such a record is exhaustive, so `{}` fails with
    // "corrections.name: Invalid input: expected string, received undefined".
    const res = await hr()
      .post(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}/actions`)
      .send({ action: 'RESUBMIT', note: '转出地确认资料无误,原样重新提交', actor: 'hr-manager', corrections: {} });
    expect(res.status).toBe(404);
  });

  it('refuses a correction of a field other than name with the Chinese message', async () => {
    const res = await hr()
      .post(`/api/transfers/${pensionTransferWorkflowId('emp_nobody', '440100')}/actions`)
      .send({ action: 'RESUBMIT', note: '更正出生日期', actor: 'hr-manager', corrections: { birthDate: '1990-01-01' } });
    expect(res.status).toBe(400);
    const details = errorOf(res).details.filter((detail) => detail.field?.startsWith('corrections'));
    expect(details.length).toBeGreaterThan(0);
    for (const detail of details) expect(detail.message).toMatch(CHINESE);
  });

  it('refuses an action the current status does not allow with 409 and the reason in Chinese', async () => {
    const { transferId } = await transferAwaitingSignature();
    for (const action of ['RESUBMIT', 'CONFIRM_COMPLETION']) {
      const res = await hr()
        .post(`/api/transfers/${transferId}/actions`)
        .send({ action, note: '测试不允许的操作', actor: 'hr-manager', ...(action === 'RESUBMIT' ? { corrections: { name: '王芳' } } : {}) });
      expect(res.status).toBe(409);
      const error = errorOf(res);
      expect(error.code).toBe('ACTION_REJECTED');
      expect(error.message).toMatch(CHINESE);
      expect(error.message).toContain('AWAITING_SIGNATURE');
      expect(error.message).toContain(action);
    }
    // Refused in the validator: nothing changed.
    expect((await stack.client.workflow.getHandle(transferId).query(transferStateQuery)).status).toBe('AWAITING_SIGNATURE');
    const view = await viewOf(transferId);
    expect(view.status).toBe('AWAITING_SIGNATURE');
    expect(view.timeline.map((entry) => entry.type)).toEqual(['DRAFT', 'FORM_GENERATED', 'AWAITING_SIGNATURE']);
  });

  it('cancels with 200: the workflow ends CANCELLED, the signing request is withdrawn, and later actions are refused', async () => {
    const { transferId, transfer, employeeId } = await transferAwaitingSignature();
    const requestId = openSigningRequestId(stack, transferId);

    // Two HR people press 取消 at once: one cancels, the other is refused.
    const answers = await Promise.all(
      ['hr-manager-1', 'hr-manager-2'].map((actor) =>
        hr().post(`/api/transfers/${transferId}/actions`).send({ action: 'CANCEL', note: '员工决定暂不转移', actor }),
      ),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    const accepted = answers.find((res) => res.status === 200);
    expect(accepted?.body).toEqual({ id: transferId, status: 'CANCELLED', flags: expect.any(Array) });
    const refused = answers.find((res) => res.status === 409);
    expect(['ACTION_REJECTED', 'TRANSFER_CLOSED']).toContain(refused && errorOf(refused).code);

    expect((await transfer.result()).status).toBe('CANCELLED');
    expect((await transfer.describe()).status.name).toBe('COMPLETED');
    const view = await viewOf(transferId);
    expect(view.status).toBe('CANCELLED');
    expect(view.timeline.at(-1)).toMatchObject({ type: 'CANCELLED', message: 'HR 取消转移:员工决定暂不转移' });
    expect(stack.esign.state.requests.get(requestId)?.status).toBe('CANCELLED');

    const afterwards = await hr().post(`/api/transfers/${transferId}/actions`).send({ action: 'CANCEL', note: '再次取消', actor: 'hr-manager' });
    expect(afterwards.status).toBe(409);
    expect(errorOf(afterwards).code).toBe('TRANSFER_CLOSED');
    expect(errorOf(afterwards).message).toMatch(CHINESE);

    // Asking to start it again reaches the closed transfer, not a new one.
    const restarted = await hr().post('/api/transfers').send({ employeeId, originCity: '440100' });
    expect(restarted.status).toBe(202);
    expect(restarted.body).toEqual({ id: transferId, workflowId: transferId, status: 'CANCELLED' });
    const runIds = await waitFor(async () => {
      const found = await workflowRunIds(transferId);
      return found.length > 0 ? found : undefined;
    });
    expect(runIds).toHaveLength(1);
  });

  it('resends the signature request: a new round, the old request withdrawn, and a late event for it ignored', async () => {
    const { transferId } = await transferAwaitingSignature();
    const firstRequestId = openSigningRequestId(stack, transferId);
    const firstEvent = eventForOpenRequest(transferId);

    const res = await hr()
      .post(`/api/transfers/${transferId}/actions`)
      .send({ action: 'RESEND_SIGNATURE', note: '员工换了手机号', actor: 'hr-manager' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: transferId, status: 'AWAITING_SIGNATURE' });
    expect(stack.esign.state.requests.get(firstRequestId)?.status).toBe('CANCELLED');
    const secondRequestId = openSigningRequestId(stack, transferId);
    expect(secondRequestId).not.toBe(firstRequestId);
    const view = await viewOf(transferId);
    expect(view).toMatchObject({ status: 'AWAITING_SIGNATURE', signingRound: 2, signing: { requestId: secondRequestId } });

    // An authentic event for the withdrawn request is taken in but does not sign the new one.
    const late = await postWebhook(JSON.stringify(firstEvent));
    expect(late.status).toBe(200);
    expect(late.body).toEqual({ status: 'accepted' });
    expect((await stack.client.workflow.getHandle(transferId).query(transferStateQuery)).status).toBe('AWAITING_SIGNATURE');
    expect((await viewOf(transferId)).status).toBe('AWAITING_SIGNATURE');
  });

  /**
   * The validator accepts RESEND_SIGNATURE as soon as the workflow's status reads
   * AWAITING_SIGNATURE, which moveTo sets before its recordTransferStatus activity has run. The line
   * after that moveTo, meant to settle the RESEND that started this round, then settles any RESEND
   * that arrived meanwhile: HR gets 200, yet no new request is sent and the old one stays open.
   */
  it('a RESEND_SIGNATURE accepted while the first request is being recorded sends a new request (or is refused)', async () => {
    class Rollback extends Error {}
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    let holder: Promise<void> | undefined;
    let resend: Promise<Response | Error> | undefined;
    let firstRequestId: string | undefined;
    let transferId = 'not started';
    // A slow provider keeps the transfer before AWAITING_SIGNATURE while the lock is put in place.
    stack.esign.state.faults = { latencyMs: 1_000, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
    try {
      const hired = await hireWithTransfer(stack);
      transferId = hired.transferId;
      startedTransfers.add(transferId);
      await waitFor(async () => ((await stack.db.transferStep.count({ where: { transferId, key: 'opened' } })) > 0 ? true : undefined));
      // An uncommitted row with the key of the AWAITING_SIGNATURE step: recording that step waits for it.
      holder = stack.db
        .$transaction(
          async (tx) => {
            await tx.transferStep.create({ data: { id: randomUUID(), transferId, key: 'AWAITING_SIGNATURE-2', type: 'TEST_LOCK', message: 'test lock' } });
            locked();
            await released;
            throw new Rollback();
          },
          { timeout: 30_000, maxWait: 10_000 },
        )
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      await isLocked;
      stack.esign.state.faults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
      await waitForTransferStatus(stack, transferId, 'AWAITING_SIGNATURE');
      expect((await stack.db.pensionTransfer.findUniqueOrThrow({ where: { id: transferId } })).status).toBe('FORM_GENERATED');
      firstRequestId = openSigningRequestId(stack, transferId);

      resend = hr()
        .post(`/api/transfers/${transferId}/actions`)
        .send({ action: 'RESEND_SIGNATURE', note: '员工没收到短信', actor: 'hr-manager' })
        .timeout(20_000)
        .then(
          (res) => res,
          (error: Error) => error,
        );
      let settled = false;
      void resend.finally(() => {
        settled = true;
      });
      await waitFor(
        async () => {
          if (settled) return true;
          const events = (await stack.client.workflow.getHandle(transferId).fetchHistory()).events ?? [];
          return events.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes) ? true : undefined;
        },
        20_000,
        'the resend to be refused or accepted',
      );
    } finally {
      stack.esign.state.faults = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
      release();
      await holder;
    }

    const answer = await resend;
    expect(answer).not.toBeInstanceOf(Error);
    const res = answer as Response;
    if (res.status === 409) return;
    expect(res.status).toBe(200);
    expect(firstRequestId).toBeDefined();
    expect(stack.esign.state.requests.get(firstRequestId ?? '')?.status).toBe('CANCELLED');
    const view = await viewOf(transferId);
    expect(view.signingRound).toBe(2);
    expect(view.signing?.requestId).not.toBe(firstRequestId);
  });
});

describe('POST /api/webhooks/esign', () => {
  it('refuses a body signed with the wrong secret with 401, and the transfer stays unsigned', async () => {
    const { transferId } = await transferAwaitingSignature();
    const event = eventForOpenRequest(transferId);
    const res = await postWebhook(JSON.stringify(event), { secret: 'not-the-shared-secret' });
    expect(res.status).toBe(401);
    const error = errorOf(res);
    expect(error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect(error.message).toMatch(CHINESE);
    expect(error.details.map((detail) => detail.code)).toEqual(['BAD_SIGNATURE']);
    await expectStillUnsigned(transferId, event);

    // A signature over other bytes (the event with another request id) does not cover this body either.
    const tampered = JSON.stringify({ ...event, requestId: randomUUID() });
    const timestamp = nowSeconds();
    const swapped = await postWebhook(JSON.stringify(event), { timestamp, signature: signEsignPayload(TEST_ESIGN_SECRET, timestamp, tampered) });
    expect(swapped.status).toBe(401);
    await expectStillUnsigned(transferId, event);
  });

  it('refuses a correctly signed replay older than five minutes, and one from too far ahead, with 401', async () => {
    const { transferId } = await transferAwaitingSignature();
    const event = eventForOpenRequest(transferId);
    for (const timestamp of [nowSeconds() - 301, nowSeconds() - 3_600, nowSeconds() + 3_600]) {
      const res = await postWebhook(JSON.stringify(event), { timestamp });
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(errorOf(res).details.map((detail) => detail.code)).toEqual(['STALE_TIMESTAMP']);
    }
    await expectStillUnsigned(transferId, event);
  });

  it('refuses missing or malformed signature headers with 401', async () => {
    const { transferId } = await transferAwaitingSignature();
    const event = eventForOpenRequest(transferId);
    const raw = JSON.stringify(event);
    const cases: [WebhookOptions, string][] = [
      [{ omit: ['timestamp', 'signature'] }, 'MISSING_HEADERS'],
      [{ omit: ['timestamp'] }, 'MISSING_HEADERS'],
      [{ omit: ['signature'] }, 'MISSING_HEADERS'],
      [{ timestamp: 'yesterday' }, 'BAD_TIMESTAMP'],
      [{ signature: 'sha256=deadbeef' }, 'BAD_SIGNATURE'],
    ];
    for (const [options, reason] of cases) {
      const res = await postWebhook(raw, options);
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(errorOf(res).details.map((detail) => detail.code)).toEqual([reason]);
    }
    await expectStillUnsigned(transferId, event);
  });

  it('refuses a correctly signed body that is not a signing event with 400, recording nothing', async () => {
    const { transferId } = await transferAwaitingSignature();
    const event = eventForOpenRequest(transferId);
    const bodies: [string, string][] = [
      [JSON.stringify({ ...event, type: 'signing.cancelled' }), 'VALIDATION_FAILED'],
      [JSON.stringify({ ...event, documentHash: 'not-a-hash', signedAt: 'yesterday' }), 'VALIDATION_FAILED'],
      [JSON.stringify({ eventId: event.eventId }), 'VALIDATION_FAILED'],
      [JSON.stringify([event]), 'VALIDATION_FAILED'],
      ['null', 'VALIDATION_FAILED'],
      [`${JSON.stringify(event).slice(0, 40)}`, 'INVALID_JSON'],
      ['', 'INVALID_JSON'],
    ];
    for (const [raw, code] of bodies) {
      const res = await postWebhook(raw);
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe(code);
    }
    const invalid = await postWebhook(JSON.stringify({ ...event, type: 'signing.cancelled', documentHash: 'x' }));
    expect(fieldsOf(invalid)).toEqual(['documentHash', 'type']);
    await expectStillUnsigned(transferId, event);
  });

  it('signs the transfer once when the provider delivers the same event twice', async () => {
    const { transferId, transfer } = await transferAwaitingSignature();
    const requestId = openSigningRequestId(stack, transferId);
    await signAsEmployee(stack, transferId);
    await waitForView(transferId, LATER_THAN_SIGNATURE);
    const event = stack.esign.state.requests.get(requestId)?.event;
    if (!event) throw new Error('the provider made no event');
    const firstDeliveries = await waitFor(async () => {
      const found = (await deliveriesOf(requestId)).filter((delivery) => delivery.trigger === 'signed' && delivery.ok);
      return found.length > 0 ? found : undefined;
    });
    expect(firstDeliveries).toEqual([expect.objectContaining({ eventId: event.eventId, status: 200 })]);

    // The provider sends the very same event again.
    const redeliver = await fetch(`${stack.esign.url}/admin/requests/${requestId}/redeliver`, { method: 'POST' });
    expect(redeliver.status).toBe(202);
    expect(await redeliver.json()).toEqual({ eventId: event.eventId });
    const redelivered = await waitFor(
      async () => {
        const found = (await deliveriesOf(requestId)).filter((delivery) => delivery.trigger === 'redeliver');
        return found.length > 0 ? found : undefined;
      },
      20_000,
      'the redelivery',
    );
    expect(redelivered).toEqual([expect.objectContaining({ eventId: event.eventId, attempt: 1, status: 200, ok: true })]);

    // And once more as raw bytes, freshly signed, to read the answer.
    const again = await postWebhook(JSON.stringify(event));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'duplicate' });

    expect(await webhookRows(event.eventId)).toBe(1);
    const state = await transfer.result();
    expect(state.status).toBe('COMPLETED');
    expect(state.timeline.filter((entry) => entry.step === 'SIGNED')).toHaveLength(1);
    expect((await viewOf(transferId)).timeline.filter((entry) => entry.type === 'SIGNED')).toHaveLength(1);
    expect(await signalsReceived(transferId)).toBe(1);
    expect((await deliveriesOf(requestId)).map((delivery) => delivery.status)).toEqual([200, 200]);
  });

  it('refuses a signature of another document than the current form with 409 and signals nothing', async () => {
    const { transferId } = await transferAwaitingSignature();
    const event = { ...eventForOpenRequest(transferId), documentHash: 'cd'.repeat(32) };
    const res = await postWebhook(JSON.stringify(event));
    expect(res.status).toBe(409);
    expect(errorOf(res).code).toBe('DOCUMENT_MISMATCH');
    expect(errorOf(res).message).toMatch(CHINESE);
    expect(await webhookRows(event.eventId)).toBe(0);
    expect(await signalsReceived(transferId)).toBe(0);
  });

  it('answers a valid event for an unknown transfer with 404 and keeps no record of it, so a retry is not a duplicate', async () => {
    const event = esignEvent();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const res = await postWebhook(JSON.stringify(event));
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('TRANSFER_NOT_FOUND');
      expect(errorOf(res).message).toMatch(CHINESE);
      expect(await webhookRows(event.eventId)).toBe(0);
    }
  });
});

describe('GET /api/notifications', () => {
  it('lists the TRANSFER_COMPLETED notification once the transfer completes, and filters by kind', async () => {
    const { transferId, transfer } = await transferAwaitingSignature();
    await signAsEmployee(stack, transferId);
    expect((await transfer.result()).status).toBe('COMPLETED');

    const view = await viewOf(transferId);
    expect(view).toMatchObject({
      status: 'COMPLETED',
      originMarkedTransferred: true,
      funds: { individualAccount: '28800.00', pooledFund: '43200.00', currency: 'CNY' },
      completedAt: expect.any(String),
    });
    const local = view.contributionMonths.local ?? 0;
    expect(local).toBeGreaterThanOrEqual(1);
    expect(view.contributionMonths).toEqual({ fromOrigin: 36, transferred: 36, local, total: 36 + local });

    const completed = await hr().get('/api/notifications').query({ kind: 'TRANSFER_COMPLETED', entityId: transferId });
    expect(completed.status).toBe(200);
    expect(completed.body.notifications).toEqual([
      {
        id: expect.any(String),
        kind: 'TRANSFER_COMPLETED',
        title: '养老保险关系转移已完成',
        message: `广州的 36 个月缴费已转入,累计缴费 ${36 + local} 个月`,
        entityType: 'PensionTransfer',
        entityId: transferId,
        createdAt: expect.any(String),
        readAt: null,
      },
    ]);

    const byEntity = await hr().get('/api/notifications').query({ entityId: transferId });
    expect(byEntity.status).toBe(200);
    expect(byEntity.body.notifications).toEqual([expect.objectContaining({ kind: 'TRANSFER_COMPLETED', entityId: transferId })]);

    const byKind = await hr().get('/api/notifications').query({ kind: 'TRANSFER_COMPLETED', limit: 500 });
    expect(byKind.status).toBe(200);
    const kinds = (byKind.body.notifications as { kind: string; entityId: string }[]).map((notification) => notification.kind);
    expect(new Set(kinds)).toEqual(new Set(['TRANSFER_COMPLETED']));
    expect((byKind.body.notifications as { entityId: string }[]).map((notification) => notification.entityId)).toContain(transferId);

    const otherKind = await hr().get('/api/notifications').query({ kind: 'TRANSFER_REJECTED', entityId: transferId });
    expect(otherKind.status).toBe(200);
    expect(otherKind.body.notifications).toEqual([]);

    const one = await hr().get('/api/notifications').query({ limit: 1 });
    expect(one.status).toBe(200);
    expect(one.body.notifications).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['a zero limit', { limit: '0' }, 'limit'],
    ['a fractional limit', { limit: '1.5' }, 'limit'],
    ['a limit above 500', { limit: '501' }, 'limit'],
    ['a kind in lower case', { kind: 'transfer_completed' }, 'kind'],
  ])('refuses %s with 400', async (_name, query, field) => {
    const res = await hr().get('/api/notifications').query(query);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(res)).toEqual([field]);
    for (const detail of errorOf(res).details) expect(detail.message).toMatch(CHINESE);
  });
});
