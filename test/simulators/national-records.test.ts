import request from 'supertest';
import type { NationalRecord } from '../../domain/national-record';
import { createNationalRecordsSimulator } from '../../simulators/national-records/app';
import { SEED_CASES, SEED_RECORDS } from '../../simulators/national-records/seed';

const PERSON_A = '110101199003070019';
const PERSON_B = '440106198511230047';
const PERSON_WITH_X = '43012119920518026X';

const pensionInGuangzhou: NationalRecord = {
  cityCode: '440100',
  cityName: '广州',
  insuranceType: 'PENSION',
  status: 'SUSPENDED',
  firstMonth: '2021-01',
  lastMonth: '2023-12',
  monthsPaid: 36,
  employer: '广州测试科技有限公司',
};

const medicalInChangsha: NationalRecord = {
  cityCode: '430100',
  cityName: '长沙',
  insuranceType: 'MEDICAL',
  status: 'ACTIVE',
  firstMonth: '2024-01',
  lastMonth: null,
  monthsPaid: 10,
  employer: '长沙测试制造有限公司',
};

/** Written independently of the domain module so a wrong seed cannot pass by sharing its bug. */
function hasValidCheckChar(idNumber: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + Number(idNumber[i]) * weight, 0);
  return '10X98765432'[sum % 11] === idNumber[17];
}

function monthsInclusive(first: string, last: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(last) - index(first) + 1;
}

/** A random source the test steers: each call returns `next.value`. */
function steerableRandom() {
  const next = { value: 0.99 };
  return { next, random: () => next.value };
}

describe('national records simulator: records', () => {
  const { app, state } = createNationalRecordsSimulator();

  beforeEach(() => state.reset());

  it('answers health checks', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('returns an empty list, not 404, for a person never insured', async () => {
    const res = await request(app).get(`/records/${PERSON_A}`).expect(200);
    expect(res.body).toEqual({ idNumber: PERSON_A, records: [] });
  });

  it('stores records and replaces them on the next load', async () => {
    await request(app)
      .post('/admin/records')
      .send({ idNumber: PERSON_A, records: [pensionInGuangzhou, medicalInChangsha] })
      .expect(200, { idNumber: PERSON_A, records: [pensionInGuangzhou, medicalInChangsha] });
    await request(app).post('/admin/records').send({ idNumber: PERSON_A, records: [medicalInChangsha] }).expect(200);

    const res = await request(app).get(`/records/${PERSON_A}`).expect(200);
    expect(res.body).toEqual({ idNumber: PERSON_A, records: [medicalInChangsha] });
  });

  it('keeps people apart', async () => {
    await request(app).post('/admin/records').send({ idNumber: PERSON_A, records: [pensionInGuangzhou] }).expect(200);
    const res = await request(app).get(`/records/${PERSON_B}`).expect(200);
    expect(res.body.records).toEqual([]);
  });

  it('normalizes a lower-case x in the path and in the admin body', async () => {
    await request(app)
      .post('/admin/records')
      .send({ idNumber: PERSON_WITH_X.toLowerCase(), records: [pensionInGuangzhou] })
      .expect(200);

    const res = await request(app).get(`/records/${PERSON_WITH_X.toLowerCase()}`).expect(200);
    expect(res.body).toEqual({ idNumber: PERSON_WITH_X, records: [pensionInGuangzhou] });
    const upper = await request(app).get(`/records/${PERSON_WITH_X}`).expect(200);
    expect(upper.body.records).toEqual([pensionInGuangzhou]);
  });

  it.each(['12345', '11010119900307001', '1101011990030700Y', '11010119900307001XX'])(
    'rejects the malformed ID number %s with 400 INVALID_ID_NUMBER',
    async (idNumber) => {
      const res = await request(app).get(`/records/${idNumber}`).expect(400);
      expect(res.body.error.code).toBe('INVALID_ID_NUMBER');
      expect(typeof res.body.error.message).toBe('string');
    },
  );

  it('reports every bad field of an admin load', async () => {
    const res = await request(app)
      .post('/admin/records')
      .send({
        idNumber: 'not-an-id',
        records: [{ ...pensionInGuangzhou, insuranceType: 'HOUSING_FUND', firstMonth: '2021-13', monthsPaid: -1 }],
      })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining(['idNumber', 'records.0.insuranceType', 'records.0.firstMonth', 'records.0.monthsPaid']),
    );
  });

  it('rejects records whose months do not add up', async () => {
    const res = await request(app)
      .post('/admin/records')
      .send({
        idNumber: PERSON_A,
        records: [
          { ...pensionInGuangzhou, monthsPaid: 37 },
          { ...pensionInGuangzhou, lastMonth: '2020-12', monthsPaid: 0 },
          { ...pensionInGuangzhou, lastMonth: null },
        ],
      })
      .expect(400);
    const paths = res.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['records.0.monthsPaid', 'records.1.lastMonth', 'records.2.lastMonth']));
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await request(app)
      .post('/admin/records')
      .set('content-type', 'application/json')
      .send('{"idNumber": ')
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('deletes a person', async () => {
    await request(app).post('/admin/records').send({ idNumber: PERSON_A, records: [pensionInGuangzhou] }).expect(200);
    await request(app).delete(`/admin/records/${PERSON_A}`).expect(204);
    const res = await request(app).get(`/records/${PERSON_A}`).expect(200);
    expect(res.body.records).toEqual([]);
  });

  it('counts lookups per person', async () => {
    await request(app).get(`/records/${PERSON_A}`).expect(200);
    await request(app).get(`/records/${PERSON_A}`).expect(200);
    await request(app).get(`/records/${PERSON_B}`).expect(200);

    await request(app).get(`/admin/stats/${PERSON_A}`).expect(200, { lookups: 2 });
    await request(app).get(`/admin/stats/${PERSON_B}`).expect(200, { lookups: 1 });
  });
});

describe('national records simulator: seed', () => {
  const { app, state } = createNationalRecordsSimulator({ seed: SEED_RECORDS });

  beforeEach(() => state.reset());

  it('holds about forty people besides the source cases, all with valid and distinct ID numbers', () => {
    expect(SEED_RECORDS.length).toBeGreaterThanOrEqual(42);
    for (const entry of SEED_RECORDS) {
      expect({ note: entry.note, valid: hasValidCheckChar(entry.idNumber) }).toEqual({ note: entry.note, valid: true });
    }
    expect(new Set(SEED_RECORDS.map((entry) => entry.idNumber)).size).toBe(SEED_RECORDS.length);
    for (const idNumber of Object.values(SEED_CASES)) expect(hasValidCheckChar(idNumber)).toBe(true);
  });

  it('has monthsPaid consistent with first and last month', () => {
    for (const entry of SEED_RECORDS) {
      for (const record of entry.records) {
        if (record.lastMonth !== null) {
          expect(record.monthsPaid).toBeLessThanOrEqual(monthsInclusive(record.firstMonth, record.lastMonth));
        } else {
          expect(record.status).toBe('ACTIVE');
        }
        expect(record.monthsPaid).toBeGreaterThan(0);
      }
    }
  });

  it('has no record for the new hire', async () => {
    expect(SEED_RECORDS.some((entry) => entry.idNumber === SEED_CASES.newHire)).toBe(false);
    const res = await request(app).get(`/records/${SEED_CASES.newHire}`).expect(200);
    expect(res.body.records).toEqual([]);
  });

  it('has 王女士 as a woman with 36 suspended months of pension and medical in 广州', async () => {
    expect(Number(SEED_CASES.wangTransfer[16]) % 2).toBe(0);
    const res = await request(app).get(`/records/${SEED_CASES.wangTransfer}`).expect(200);
    const expected = { cityCode: '440100', status: 'SUSPENDED', firstMonth: '2021-01', lastMonth: '2023-12', monthsPaid: 36 };
    expect(res.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ...expected, insuranceType: 'PENSION' }),
        expect.objectContaining({ ...expected, insuranceType: 'MEDICAL' }),
      ]),
    );
  });

  it('has an employee still paying pension in 武汉', async () => {
    const res = await request(app).get(`/records/${SEED_CASES.activeWuhan}`).expect(200);
    expect(res.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ cityCode: '420100', insuranceType: 'PENSION', status: 'ACTIVE', lastMonth: null }),
      ]),
    );
  });

  it('has someone with suspended pensions in two cities', () => {
    const twoCities = SEED_RECORDS.some((entry) => {
      const cities = entry.records
        .filter((record) => record.insuranceType === 'PENSION' && record.status === 'SUSPENDED')
        .map((record) => record.cityCode);
      return new Set(cities).size >= 2;
    });
    expect(twoCities).toBe(true);
  });

  it('covers the six seed cities', () => {
    const cities = new Set(SEED_RECORDS.flatMap((entry) => entry.records.map((record) => record.cityCode)));
    expect([...cities]).toEqual(expect.arrayContaining(['430100', '440100', '440300', '420100', '330100', '110000', '430102']));
  });

  it('restores the seed on reset', async () => {
    await request(app).delete(`/admin/records/${SEED_CASES.wangTransfer}`).expect(204);
    state.reset();
    const res = await request(app).get(`/records/${SEED_CASES.wangTransfer}`).expect(200);
    expect(res.body.records.length).toBeGreaterThan(0);
  });
});

describe('national records simulator: faults', () => {
  const { next, random } = steerableRandom();
  const { app, state } = createNationalRecordsSimulator({ random });

  beforeEach(() => {
    state.reset();
    next.value = 0.99;
  });

  afterEach(() => state.closeHeld());

  it('applies per-person faults to that person only', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);

    const failed = await request(app).get(`/records/${PERSON_A}`).expect(503);
    expect(failed.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await request(app).get(`/records/${PERSON_B}`).expect(200);
  });

  it('applies global faults to everyone', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    await request(app).get(`/records/${PERSON_A}`).expect(503);
    await request(app).get(`/records/${PERSON_B}`).expect(503);
  });

  it('lets a per-person setting override the global one', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A }).expect(200);
    await request(app).get(`/records/${PERSON_A}`).expect(200);
    await request(app).get(`/records/${PERSON_B}`).expect(503);
  });

  it('uses the injected random source to pick which lookups fail', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 0.5 }).expect(200);
    next.value = 0.49;
    await request(app).get(`/records/${PERSON_A}`).expect(503);
    next.value = 0.5;
    await request(app).get(`/records/${PERSON_A}`).expect(200);
  });

  it('shows the current settings and clears them on reset', async () => {
    await request(app).post('/admin/faults').send({ latencyMs: 5, errorRate: 0.2 }).expect(200);
    await request(app).post('/admin/faults').send({ idNumber: PERSON_WITH_X.toLowerCase(), timeoutRate: 0.1 }).expect(200);

    const shown = await request(app).get('/admin/faults').expect(200);
    expect(shown.body).toEqual({
      global: { latencyMs: 5, errorRate: 0.2, timeoutRate: 0, malformedRate: 0 },
      byIdNumber: { [PERSON_WITH_X]: { latencyMs: 0, errorRate: 0, timeoutRate: 0.1, malformedRate: 0 } },
    });

    await request(app).post('/admin/faults/reset').send({ idNumber: PERSON_WITH_X }).expect(200);
    const afterOne = await request(app).get('/admin/faults').expect(200);
    expect(afterOne.body.byIdNumber).toEqual({});
    expect(afterOne.body.global.errorRate).toBe(0.2);

    await request(app).post('/admin/faults/reset').expect(200);
    const cleared = await request(app).get('/admin/faults').expect(200);
    expect(cleared.body).toEqual({ global: { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 }, byIdNumber: {} });
  });

  it('rejects fault settings out of range, naming each field', async () => {
    const res = await request(app)
      .post('/admin/faults')
      .send({ errorRate: 1.5, timeoutRate: -0.1, latencyMs: 'slow', idNumber: '123' })
      .expect(400);
    const paths = res.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['errorRate', 'timeoutRate', 'latencyMs', 'idNumber']));
  });

  it.each([
    ['truncated JSON', 0],
    ['a record missing fields', 0.5],
    ['an HTML page', 0.9],
  ])('answers 200 with a broken body (%s)', async (_kind, roll) => {
    await request(app).post('/admin/records').send({ idNumber: PERSON_A, records: [pensionInGuangzhou] }).expect(200);
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, malformedRate: 1 }).expect(200);
    next.value = roll;

    const res = await request(app)
      .get(`/records/${PERSON_A}`)
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .expect(200);

    const text = res.body as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // not JSON at all: broken, as intended
    }
    const records = (parsed as { records: Record<string, unknown>[] }).records;
    expect(records[0]).not.toHaveProperty('status');
  });

  it('delays answers by latencyMs', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, latencyMs: 150 }).expect(200);
    const started = Date.now();
    await request(app).get(`/records/${PERSON_A}`).expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds a timed-out lookup open until closeHeld releases it', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, timeoutRate: 1 }).expect(200);
    let settled = false;
    const pending = request(app)
      .get(`/records/${PERSON_A}`)
      .then(
        () => 'answered',
        () => 'connection closed',
      )
      .finally(() => (settled = true));

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    state.closeHeld();
    await expect(pending).resolves.toBe('connection closed');
  });

  it('counts faulted lookups too, so retries can be proven', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);
    await request(app).get(`/records/${PERSON_A}`).expect(503);
    await request(app).get(`/records/${PERSON_A}`).expect(503);
    await request(app).get(`/admin/stats/${PERSON_A}`).expect(200, { lookups: 2 });
  });
});
