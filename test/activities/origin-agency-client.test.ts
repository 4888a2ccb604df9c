import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from '../../activities/adapters/errors';
import { createOriginAgencyClient, type AgencyCase, type TransferSubmission } from '../../activities/adapters/origin-agency-client';
import { startOriginAgencySimulator, type RunningOriginAgencySimulator } from '../../simulators/origin-agency/server';

const PERSON = '43012119920518026X';
const OTHER_PERSON = '420106198807020319';
const STEP = 1000;
const START = Date.parse('2026-03-02T01:00:00.000Z');

const submission: TransferSubmission = {
  idNumber: PERSON,
  name: '王芳',
  originCityCode: '440100',
  destinationCityCode: '430100',
  destinationAgency: '长沙市社会保险服务中心',
  contributionMonths: 36,
  monthlyBase: '8000.00',
  formHash: createHash('sha256').update('signed transfer form').digest('hex'),
};

const clock = { now: START };
const roll = { value: 0.99 };
let simulator: RunningOriginAgencySimulator;
let keyCounter = 0;
const freshKey = () => `client-test-${++keyCounter}`;

async function admin(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${path} answered ${res.status}`);
}

async function stats(): Promise<{ cases: number; submissions: number }> {
  return (await fetch(`${simulator.url}/admin/stats`)).json() as Promise<{ cases: number; submissions: number }>;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
  } catch (err) {
    return err;
  }
}

/** The ID number is personal data: not in the message, not anywhere in what a logger would print. */
function expectNoIdNumber(err: unknown, idNumber: string = PERSON): void {
  const printed = `${String((err as Error).message)}\n${inspect(err, { depth: 10 })}`.toUpperCase();
  expect(printed).not.toContain(idNumber.toUpperCase());
  expect(printed).not.toContain(idNumber.slice(0, 17));
}

const client = (timeoutMs = 2000) => createOriginAgencyClient({ baseUrl: simulator.url, timeoutMs });

beforeAll(async () => {
  simulator = await startOriginAgencySimulator({ port: 0, timings: { contactLetterMs: STEP }, now: () => clock.now, random: () => roll.value });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(async () => {
  simulator.state.reset();
  clock.now = START;
  roll.value = 0.99;
  await admin('/admin/timings', { stepMs: STEP });
});

describe('origin agency client against the simulator', () => {
  it('submits, follows and withdraws a case', async () => {
    const agency = client();
    const submitted = await agency.submit(submission, freshKey());
    expect(submitted).toEqual({ caseId: expect.stringMatching(/^ZY\d{14}$/), status: 'ACCEPTED' });

    clock.now = START + 1500;
    const found = await agency.getCase(submitted.caseId);
    expect(found).toEqual<AgencyCase>({
      caseId: submitted.caseId,
      status: 'CONTACT_LETTER_SENT',
      history: [
        { status: 'ACCEPTED', at: '2026-03-02T01:00:00.000Z' },
        { status: 'CONTACT_LETTER_SENT', at: '2026-03-02T01:00:01.000Z' },
      ],
    });

    const withdrawn = await agency.withdraw(submitted.caseId);
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(withdrawn.history.at(-1)).toEqual({ status: 'WITHDRAWN', at: '2026-03-02T01:00:01.500Z' });
    await expect(agency.withdraw(submitted.caseId)).resolves.toEqual(withdrawn);
  });

  it('reads funds, months and a partial transfer as typed values', async () => {
    await admin('/admin/outcomes', { idNumber: PERSON, outcome: { type: 'PARTIAL', monthsNotTransferable: 6, reason: '部分月份为补缴,不予转移' } });
    const agency = client();
    const { caseId } = await agency.submit(submission, freshKey());
    clock.now = START + 10 * STEP;

    const found = await agency.getCase(caseId);
    expect(found.status).toBe('COMPLETED');
    expect(found.monthsTransferred).toBe(30);
    expect(found.partial).toEqual({ monthsNotTransferable: 6, reason: '部分月份为补缴,不予转移' });
    // 8000.00 × 30: 8% = 19200.00, 12% = 28800.00.
    expect(found.funds).toEqual({ individualAccount: '19200.00', pooledFund: '28800.00', currency: 'CNY' });
  });

  it('reads a rejection, and a resubmission under a new key gets a new case', async () => {
    await admin('/admin/outcomes', { idNumber: PERSON, outcome: { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ARREARS', reason: '存在欠费' } });
    const agency = client();
    const first = await agency.submit(submission, freshKey());
    clock.now = START + STEP;
    await expect(agency.getCase(first.caseId)).resolves.toMatchObject({ status: 'REJECTED', rejection: { code: 'ARREARS', reason: '存在欠费' } });

    const second = await agency.submit(submission, freshKey());
    expect(second.caseId).not.toBe(first.caseId);
    clock.now = START + 10 * STEP;
    await expect(agency.getCase(second.caseId)).resolves.toMatchObject({ status: 'COMPLETED' });
  });

  it('answers a retried submission with the same case', async () => {
    const agency = client();
    const key = freshKey();
    const first = await agency.submit(submission, key);
    await expect(agency.submit(submission, key)).resolves.toEqual(first);
    expect((await stats()).cases).toBe(1);
  });

  it('gets the same caseId for the same key after a lost response (503 after creation)', async () => {
    await admin('/admin/faults', { idNumber: PERSON, errorRate: 1 });
    roll.value = 0.75; // fault fires, and after the case was created
    const agency = client();
    const key = freshKey();

    const err = await failureOf(agency.submit(submission, key));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect(await stats()).toMatchObject({ cases: 1, submissions: 1 });

    await admin('/admin/faults/reset', {});
    const retried = await agency.submit(submission, key);
    const [stored] = [...simulator.state.cases.values()];
    expect(retried).toEqual({ caseId: stored?.caseId, status: 'ACCEPTED' });
    expect(await stats()).toMatchObject({ cases: 1, submissions: 2 });
  });

  it('gets the same caseId for the same key after a timed-out submission the agency did process', async () => {
    await admin('/admin/faults', { idNumber: PERSON, timeoutRate: 1 });
    roll.value = 0.6;
    const key = freshKey();

    const err = await failureOf(client(300).submit(submission, key));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toContain('timed out after 300 ms');
    expectNoIdNumber(err);

    await admin('/admin/faults/reset', {});
    const retried = await client().submit(submission, key);
    expect(simulator.state.cases.has(retried.caseId)).toBe(true);
    expect((await stats()).cases).toBe(1);
  });

  it('creates the case on the retry when the 503 came before creation', async () => {
    await admin('/admin/faults', { idNumber: PERSON, errorRate: 1 });
    roll.value = 0.2;
    const key = freshKey();
    await expect(client().submit(submission, key)).rejects.toBeInstanceOf(RemoteUnavailableError);
    expect((await stats()).cases).toBe(0);
    await admin('/admin/faults/reset', {});
    await client().submit(submission, key);
    expect((await stats()).cases).toBe(1);
  });

  it.each([
    ['submit', 'POST /transfers'],
    ['getCase', 'GET /transfers/:caseId'],
    ['withdraw', 'POST /transfers/:caseId/withdraw'],
  ] as const)('turns a 503 on %s into RemoteUnavailableError', async (operation, template) => {
    const agency = client();
    const { caseId } = await agency.submit(submission, freshKey());
    await admin('/admin/faults', { idNumber: PERSON, errorRate: 1 });

    const err = await failureOf(operation === 'submit' ? agency.submit(submission, freshKey()) : agency[operation](caseId));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect(err).toMatchObject({ system: 'origin-agency', status: 503, name: 'RemoteUnavailableError' });
    expect((err as Error).message).toBe(`origin-agency: ${template} answered HTTP 503`);
    expectNoIdNumber(err);
  });

  it.each([
    ['truncated JSON', 0],
    ['a body without status', 0.5],
    ['an HTML page', 0.9],
  ])('turns a broken answer (%s) into RemoteMalformedResponseError on submit and getCase', async (_kind, value) => {
    const agency = client();
    const { caseId } = await agency.submit(submission, freshKey());
    await admin('/admin/faults', { idNumber: PERSON, malformedRate: 1 });
    roll.value = value;

    const onSubmit = await failureOf(agency.submit(submission, freshKey()));
    expect(onSubmit).toBeInstanceOf(RemoteMalformedResponseError);
    expect(onSubmit).toMatchObject({ system: 'origin-agency', status: 201 });
    expectNoIdNumber(onSubmit);

    const onGet = await failureOf(agency.getCase(caseId));
    expect(onGet).toBeInstanceOf(RemoteMalformedResponseError);
    expect(onGet).toMatchObject({ status: 200 });
  });

  it('turns a reused key with a different body into RemoteRejectedError 409', async () => {
    const agency = client();
    const key = freshKey();
    await agency.submit(submission, key);

    const err = await failureOf(agency.submit({ ...submission, idNumber: OTHER_PERSON }, key));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ system: 'origin-agency', status: 409 });
    expect((err as Error).message).toBe('origin-agency: POST /transfers answered HTTP 409 (IDEMPOTENCY_KEY_REUSED)');
    expectNoIdNumber(err);
    expectNoIdNumber(err, OTHER_PERSON);
  });

  it('turns a 400 into RemoteRejectedError naming the bad fields but no values', async () => {
    const badId = `${PERSON.slice(0, 17)}1`;
    const err = await failureOf(client().submit({ ...submission, idNumber: badId, formHash: 'nope' }, freshKey()));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ status: 400 });
    expect((err as Error).message).toBe('origin-agency: POST /transfers answered HTTP 400 (VALIDATION_FAILED at idNumber, formHash)');
    expectNoIdNumber(err, badId);
  });

  it('turns an unknown case into RemoteRejectedError 404 and a closed one into 409', async () => {
    const agency = client();
    await expect(agency.getCase('ZY20260302999999')).rejects.toMatchObject({ name: 'RemoteRejectedError', status: 404 });

    const { caseId } = await agency.submit(submission, freshKey());
    clock.now = START + 10 * STEP;
    const err = await failureOf(agency.withdraw(caseId));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ status: 409 });
    expect((err as Error).message).toContain('(CASE_CLOSED)');
  });

  it('turns a refused connection into RemoteUnavailableError', async () => {
    const closed = simulator.app.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const agency = createOriginAgencyClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });

    const err = await failureOf(agency.submit(submission, freshKey()));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as RemoteUnavailableError).status).toBeUndefined();
    expectNoIdNumber(err);
  });
});

describe('origin agency client request and response handling', () => {
  const goodCase: AgencyCase = {
    caseId: 'ZY20260302000001',
    status: 'COMPLETED',
    history: [
      { status: 'ACCEPTED', at: '2026-03-02T01:00:00.000Z' },
      { status: 'CONTACT_LETTER_SENT', at: '2026-03-03T01:00:00.000Z' },
      { status: 'ORIGIN_REVIEWED', at: '2026-03-04T01:00:00.000Z' },
      { status: 'FUNDS_TRANSFERRED', at: '2026-03-05T01:00:00.000Z' },
      { status: 'COMPLETED', at: '2026-03-06T01:00:00.000Z' },
    ],
    monthsTransferred: 36,
    funds: { individualAccount: '23040.00', pooledFund: '34560.00', currency: 'CNY' },
  };

  const answering = (body: unknown, status = 200): typeof fetch => async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const getWith = (body: unknown) =>
    createOriginAgencyClient({ baseUrl: 'http://agency.invalid', timeoutMs: 1000, fetchImpl: answering(body) }).getCase(goodCase.caseId);

  it('accepts a valid case and ignores fields it does not know', async () => {
    await expect(getWith({ ...goodCase, agency: '广州市社保中心' })).resolves.toEqual(goodCase);
  });

  it('passes a rejection code it does not know through', async () => {
    const rejected = {
      caseId: goodCase.caseId,
      status: 'REJECTED',
      history: [
        { status: 'ACCEPTED', at: '2026-03-02T01:00:00.000Z' },
        { status: 'REJECTED', at: '2026-03-03T01:00:00+08:00' },
      ],
      rejection: { code: 'NEW_RULE_2027', reason: '新规定' },
    };
    await expect(getWith(rejected)).resolves.toMatchObject({ rejection: { code: 'NEW_RULE_2027' } });
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown status', { status: 'PAUSED', history: [{ status: 'PAUSED', at: '2026-03-02T01:00:00.000Z' }] }],
    ['a status that is not the last in history', { status: 'FUNDS_TRANSFERRED' }],
    ['no history', { history: [] }],
    ['a history date that is not ISO', { history: [{ status: 'COMPLETED', at: '2026/03/06' }] }],
    ['funds as numbers', { funds: { individualAccount: 23040, pooledFund: 34560, currency: 'CNY' } }],
    ['funds with one decimal', { funds: { individualAccount: '23040.0', pooledFund: '34560.00', currency: 'CNY' } }],
    ['funds in another currency', { funds: { individualAccount: '23040.00', pooledFund: '34560.00', currency: 'USD' } }],
    ['no funds although completed', { funds: undefined }],
    ['fractional months', { monthsTransferred: 35.5 }],
    ['a rejected status without a rejection', { status: 'REJECTED', history: [{ status: 'REJECTED', at: '2026-03-02T01:00:00.000Z' }] }],
    ['another case', { caseId: 'ZY20260302000002' }],
  ])('rejects a case with %s', async (_case, change) => {
    const err = await failureOf(getWith({ ...goodCase, ...change }));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expect((err as Error).message).toMatch(/^origin-agency: GET \/transfers\/:caseId answered /);
  });

  it('rejects a submit answer without a caseId or with a 204', async () => {
    const submitWith = (fetchImpl: typeof fetch) =>
      createOriginAgencyClient({ baseUrl: 'http://agency.invalid', timeoutMs: 1000, fetchImpl }).submit(submission, 'k');
    await expect(submitWith(answering({ status: 'ACCEPTED' }, 201))).rejects.toBeInstanceOf(RemoteMalformedResponseError);
    const err = await failureOf(submitWith(async () => new Response(null, { status: 204 })));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expect(err).toMatchObject({ status: 204 });
  });

  it('keeps values out of messages even when the agency echoes them in its error body', async () => {
    const echo = answering({ error: { code: 'VALIDATION_FAILED', message: `bad ${PERSON}`, details: [{ path: PERSON, message: PERSON }] } }, 400);
    const err = await failureOf(createOriginAgencyClient({ baseUrl: 'http://agency.invalid', timeoutMs: 1000, fetchImpl: echo }).submit(submission, 'k'));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect((err as Error).message).toBe('origin-agency: POST /transfers answered HTTP 400 (VALIDATION_FAILED)');
    expectNoIdNumber(err);
  });

  it('sends JSON with the idempotency key, under the base path, with the caseId escaped', async () => {
    const seen: { url: string; method: string; headers: Headers; body: string | null }[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: (init?.body as string | undefined) ?? null });
      return String(input).endsWith('/transfers')
        ? new Response(JSON.stringify({ caseId: 'a/b', status: 'ACCEPTED' }), { status: 201 })
        : new Response(JSON.stringify({ ...goodCase, caseId: 'a/b' }), { status: 200 });
    };
    const agency = createOriginAgencyClient({ baseUrl: 'http://gateway.invalid/agency', timeoutMs: 1000, fetchImpl });
    await agency.submit(submission, 'transfer-1:submit:1');
    await agency.getCase('a/b');
    await agency.withdraw('a/b');

    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'POST http://gateway.invalid/agency/transfers',
      'GET http://gateway.invalid/agency/transfers/a%2Fb',
      'POST http://gateway.invalid/agency/transfers/a%2Fb/withdraw',
    ]);
    expect(seen[0]?.headers.get('idempotency-key')).toBe('transfer-1:submit:1');
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? 'null')).toEqual(submission);
  });

  it('refuses a blank idempotency key without calling the agency', async () => {
    let called = false;
    const fetchImpl: typeof fetch = async () => {
      called = true;
      return new Response('{}');
    };
    const agency = createOriginAgencyClient({ baseUrl: 'http://agency.invalid', timeoutMs: 1000, fetchImpl });
    await expect(agency.submit(submission, '  ')).rejects.toBeInstanceOf(RemoteRejectedError);
    expect(called).toBe(false);
  });
});
