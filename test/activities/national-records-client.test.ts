import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from '../../activities/adapters/errors';
import { createNationalRecordsClient } from '../../activities/adapters/national-records-client';
import type { NationalRecord } from '../../domain/national-record';
import { closeSimulatorServer, createNationalRecordsSimulator } from '../../simulators/national-records/app';

const PERSON = '43012119920518026X';
const OTHER_PERSON = '420106198807020319';

const pension: NationalRecord = {
  cityCode: '440100',
  cityName: '广州',
  insuranceType: 'PENSION',
  status: 'SUSPENDED',
  firstMonth: '2021-01',
  lastMonth: '2023-12',
  monthsPaid: 36,
  employer: '广州测试科技有限公司',
};

const next = { roll: 0.99 };
const { app, state } = createNationalRecordsSimulator({ random: () => next.roll });
let server: Server;
let baseUrl: string;

async function admin(path: string, body: unknown): Promise<void> {
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

/** The ID number is personal data: not in the message, not anywhere in what a logger would print. */
function expectNoIdNumber(err: unknown, idNumber: string): void {
  const printed = `${String((err as Error).message)}\n${inspect(err, { depth: 10 })}`.toUpperCase();
  expect(printed).not.toContain(idNumber.toUpperCase());
  expect(printed).not.toContain(idNumber.slice(0, 17));
}

function jsonResponse(body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

beforeAll(async () => {
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeSimulatorServer(server, state);
});

beforeEach(() => {
  state.reset();
  next.roll = 0.99;
});

describe('national records client against the simulator', () => {
  it('parses a good lookup', async () => {
    await admin('/admin/records', { idNumber: PERSON, records: [pension] });
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 2000 });
    await expect(client.lookup(PERSON)).resolves.toEqual([pension]);
    await expect(client.lookup(PERSON.toLowerCase())).resolves.toEqual([pension]);
  });

  it('returns [] for a person never insured', async () => {
    const client = createNationalRecordsClient({ baseUrl: `${baseUrl}/`, timeoutMs: 2000 });
    await expect(client.lookup(OTHER_PERSON)).resolves.toEqual([]);
  });

  it('turns a 503 into RemoteUnavailableError', async () => {
    await admin('/admin/faults', { idNumber: PERSON, errorRate: 1 });
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 2000 });

    const err = await failureOf(client.lookup(PERSON));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect(err).toMatchObject({ system: 'national-records', status: 503, name: 'RemoteUnavailableError' });
    expect((err as Error).message).toContain('/records/:idNumber');
    expectNoIdNumber(err, PERSON);
  });

  it.each([
    ['truncated JSON', 0, [pension]],
    ['a record missing fields', 0.5, [pension]],
    ['a record missing fields, for someone without records', 0.5, []],
    ['an HTML page', 0.9, [pension]],
  ])('turns a broken 200 body (%s) into RemoteMalformedResponseError, never []', async (_kind, roll, records) => {
    await admin('/admin/records', { idNumber: PERSON, records });
    await admin('/admin/faults', { idNumber: PERSON, malformedRate: 1 });
    next.roll = roll;
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 2000 });

    const err = await failureOf(client.lookup(PERSON));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expect(err).toMatchObject({ system: 'national-records', status: 200 });
    expectNoIdNumber(err, PERSON);
  });

  it('gives up on a held request after roughly timeoutMs with RemoteUnavailableError', async () => {
    await admin('/admin/faults', { idNumber: PERSON, timeoutRate: 1 });
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 300 });

    const started = Date.now();
    const err = await failureOf(client.lookup(PERSON));
    const elapsed = Date.now() - started;

    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toContain('timed out after 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
    expectNoIdNumber(err, PERSON);
  });

  it('treats latency beyond timeoutMs as unavailable', async () => {
    await admin('/admin/faults', { idNumber: PERSON, latencyMs: 1000 });
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 200 });
    await expect(client.lookup(PERSON)).rejects.toBeInstanceOf(RemoteUnavailableError);
  });

  it('turns a 400 into RemoteRejectedError', async () => {
    const client = createNationalRecordsClient({ baseUrl, timeoutMs: 2000 });
    const invalid = '4301211992051802';

    const err = await failureOf(client.lookup(invalid));
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ system: 'national-records', status: 400 });
    expect((err as Error).message).not.toContain(invalid);
  });

  it('turns a refused connection into RemoteUnavailableError', async () => {
    const closed = app.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createNationalRecordsClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });

    const err = await failureOf(client.lookup(PERSON));
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as RemoteUnavailableError).status).toBeUndefined();
    expectNoIdNumber(err, PERSON);
  });
});

describe('national records client response validation', () => {
  const lookupWith = (body: unknown) =>
    createNationalRecordsClient({ baseUrl: 'http://records.invalid', timeoutMs: 1000, fetchImpl: jsonResponse(body) }).lookup(
      PERSON,
    );

  it('accepts a valid body and ignores fields it does not know', async () => {
    await expect(lookupWith({ idNumber: PERSON, records: [{ ...pension, agency: '广州市社保中心' }], extra: 1 })).resolves.toEqual([
      pension,
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown insurance type', { insuranceType: 'HOUSING_FUND' }],
    ['an unknown status', { status: 'PAUSED' }],
    ['a month that is not YYYY-MM', { firstMonth: '2021/01' }],
    ['month 13', { lastMonth: '2023-13' }],
    ['a negative monthsPaid', { monthsPaid: -1 }],
    ['a fractional monthsPaid', { monthsPaid: 1.5 }],
    ['monthsPaid as a string', { monthsPaid: '36' }],
    ['a missing employer', { employer: undefined }],
    ['a five-digit city code', { cityCode: '44010' }],
    ['a missing cityName', { cityName: undefined }],
  ])('rejects a record with %s', async (_case, change) => {
    const err = await failureOf(lookupWith({ idNumber: PERSON, records: [{ ...pension, ...change }] }));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expectNoIdNumber(err, PERSON);
  });

  it('rejects a body without a records list rather than reading it as no records', async () => {
    await expect(lookupWith({ idNumber: PERSON })).rejects.toBeInstanceOf(RemoteMalformedResponseError);
    await expect(lookupWith(null)).rejects.toBeInstanceOf(RemoteMalformedResponseError);
  });

  it('rejects an answer about someone else', async () => {
    const err = await failureOf(lookupWith({ idNumber: OTHER_PERSON, records: [pension] }));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expectNoIdNumber(err, PERSON);
    expectNoIdNumber(err, OTHER_PERSON);
  });

  it('sends the ID number escaped under the base path', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ idNumber: PERSON, records: [] }), { status: 200 });
    };
    const client = createNationalRecordsClient({ baseUrl: 'http://gateway.invalid/national', timeoutMs: 1000, fetchImpl });
    await client.lookup(` ${PERSON} `);
    expect(seen).toEqual([`http://gateway.invalid/national/records/${PERSON}`]);
  });

  it.each([
    [429, RemoteUnavailableError],
    [502, RemoteUnavailableError],
    [404, RemoteRejectedError],
    [302, RemoteMalformedResponseError],
  ])('maps HTTP %i to the right error', async (status, errorClass) => {
    const fetchImpl: typeof fetch = async () => new Response(null, { status });
    const client = createNationalRecordsClient({ baseUrl: 'http://records.invalid', timeoutMs: 1000, fetchImpl });
    const err = await failureOf(client.lookup(PERSON));
    expect(err).toBeInstanceOf(errorClass);
    expect(err).toMatchObject({ status });
  });
});
