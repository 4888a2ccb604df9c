import { createHash } from 'node:crypto';
import request from 'supertest';
import { createOriginAgencySimulator } from '../../simulators/origin-agency/app';

/** Written independently of the domain module so a wrong check in the simulator cannot pass by sharing its bug. */
function withCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + Number(first17[i]) * weight, 0);
  return first17 + '10X98765432'[sum % 11];
}

const PERSON_A = withCheckChar('44010619850314002');
const PERSON_B = withCheckChar('42010619880702031');
const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-03-02T01:00:00.000Z');

const submission = {
  idNumber: PERSON_A,
  name: '王芳',
  originCityCode: '440100',
  destinationCityCode: '430100',
  destinationAgency: '长沙市社会保险服务中心',
  contributionMonths: 36,
  monthlyBase: '8000.00',
  formHash: createHash('sha256').update('transfer form of 王芳').digest('hex'),
};

function steerableRandom() {
  const next = { value: 0.99 };
  return { next, random: () => next.value };
}

function setup() {
  const clock = { now: START };
  const { next, random } = steerableRandom();
  const simulator = createOriginAgencySimulator({ now: () => clock.now, random });
  const at = (ms: number) => new Date(START + ms).toISOString();
  return { ...simulator, clock, next, at };
}

function detailPaths(res: request.Response): string[] {
  return (res.body.error.details as { path: string }[]).map((detail) => detail.path);
}

describe('origin agency simulator: submissions and progress', () => {
  const { app, state, clock, at } = setup();
  let keyCounter = 0;
  const freshKey = () => `test-key-${++keyCounter}`;
  const submit = (body: object = submission, key: string = freshKey()) => request(app).post('/transfers').set('Idempotency-Key', key).send(body);

  beforeEach(() => {
    state.reset();
    clock.now = START;
  });

  it('answers health checks', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('accepts a transfer with 201 and shows the case as ACCEPTED, with nothing transferred yet', async () => {
    const created = await submit().expect(201);
    expect(created.body).toEqual({ caseId: expect.any(String), status: 'ACCEPTED' });

    const res = await request(app).get(`/transfers/${created.body.caseId}`).expect(200);
    expect(res.body).toEqual({ caseId: created.body.caseId, status: 'ACCEPTED', history: [{ status: 'ACCEPTED', at: at(0) }] });
  });

  it('gives every new case its own number', async () => {
    const first = await submit().expect(201);
    const second = await submit().expect(201);
    expect(second.body.caseId).not.toBe(first.body.caseId);
  });

  it('moves a case along by the default of one day per step, computed when read', async () => {
    const { body } = await submit().expect(201);
    const statusAt = async (ms: number) => {
      clock.now = START + ms;
      return (await request(app).get(`/transfers/${body.caseId}`).expect(200)).body.status;
    };
    expect(await statusAt(DAY - 1)).toBe('ACCEPTED');
    expect(await statusAt(DAY)).toBe('CONTACT_LETTER_SENT');
    expect(await statusAt(2 * DAY)).toBe('ORIGIN_REVIEWED');
    expect(await statusAt(3 * DAY)).toBe('FUNDS_TRANSFERRED');
    expect(await statusAt(4 * DAY - 1)).toBe('FUNDS_TRANSFERRED');
    expect(await statusAt(4 * DAY)).toBe('COMPLETED');
    expect(await statusAt(40 * DAY)).toBe('COMPLETED');
  });

  it('dates each status when it was due, however late the case is read, and adds funds and months at their steps', async () => {
    await request(app).post('/admin/timings').send({ stepMs: 1000, fundsMs: 5000 }).expect(200, {
      contactLetterMs: 1000,
      reviewMs: 1000,
      fundsMs: 5000,
      completionMs: 1000,
    });
    const { body } = await submit({ ...submission, monthlyBase: '7777.77', contributionMonths: 37 }).expect(201);

    clock.now = START + 2500;
    const reviewed = await request(app).get(`/transfers/${body.caseId}`).expect(200);
    expect(reviewed.body).toEqual({
      caseId: body.caseId,
      status: 'ORIGIN_REVIEWED',
      history: [
        { status: 'ACCEPTED', at: at(0) },
        { status: 'CONTACT_LETTER_SENT', at: at(1000) },
        { status: 'ORIGIN_REVIEWED', at: at(2000) },
      ],
      monthsTransferred: 37,
    });

    clock.now = START + 60_000;
    const done = await request(app).get(`/transfers/${body.caseId}`).expect(200);
    expect(done.body.status).toBe('COMPLETED');
    expect(done.body.history.map((entry: { at: string }) => entry.at)).toEqual([at(0), at(1000), at(2000), at(7000), at(8000)]);
    // 7777.77 × 37 = 287777.49; 12% = 34533.2988, 8% = 23022.1992.
    expect(done.body.funds).toEqual({ individualAccount: '23022.20', pooledFund: '34533.30', currency: 'CNY' });
    expect(done.body.monthsTransferred).toBe(37);
    expect(done.body).not.toHaveProperty('partial');
  });

  it('computes the source example exactly: 8000.00 for 36 months', async () => {
    await request(app).post('/admin/timings').send({ stepMs: 10 }).expect(200);
    const { body } = await submit().expect(201);
    clock.now = START + 30;
    const res = await request(app).get(`/transfers/${body.caseId}`).expect(200);
    expect(res.body.status).toBe('FUNDS_TRANSFERRED');
    expect(res.body.funds).toEqual({ individualAccount: '23040.00', pooledFund: '34560.00', currency: 'CNY' });
  });

  it('never moves a case backwards when the timings grow', async () => {
    await request(app).post('/admin/timings').send({ stepMs: 100 }).expect(200);
    const { body } = await submit().expect(201);
    clock.now = START + 250;
    await request(app).post('/admin/timings').send({ stepMs: DAY }).expect(200);

    const res = await request(app).get(`/transfers/${body.caseId}`).expect(200);
    expect(res.body.status).toBe('ORIGIN_REVIEWED');
    clock.now = START + 200 + DAY;
    expect((await request(app).get(`/transfers/${body.caseId}`).expect(200)).body.status).toBe('FUNDS_TRANSFERRED');
  });

  it('takes timings from the options and restores them on reset', async () => {
    const { app: other, state: otherState } = createOriginAgencySimulator({ timings: { reviewMs: 5 } });
    await request(other).post('/admin/timings').send({ stepMs: 1 }).expect(200);
    otherState.reset();
    await request(other).get('/admin/timings').expect(200, { contactLetterMs: DAY, reviewMs: 5, fundsMs: DAY, completionMs: DAY });
  });

  it('rejects timings out of range, naming each field', async () => {
    const res = await request(app).post('/admin/timings').send({ stepMs: -1, reviewMs: 1.5, slowMs: 3 }).expect(400);
    expect(detailPaths(res)).toEqual(expect.arrayContaining(['stepMs', 'reviewMs', 'slowMs']));
  });

  it('answers 404 for an unknown case', async () => {
    const res = await request(app).get('/transfers/ZY20260302999999').expect(404);
    expect(res.body.error.code).toBe('CASE_NOT_FOUND');
    await request(app).post('/transfers/ZY20260302999999/withdraw').expect(404);
  });
});

describe('origin agency simulator: idempotency and validation', () => {
  const { app, state, clock } = setup();
  const post = (body: object, key?: string) => {
    const req = request(app).post('/transfers');
    return key === undefined ? req.send(body) : req.set('Idempotency-Key', key).send(body);
  };

  beforeEach(() => {
    state.reset();
    clock.now = START;
  });

  it('answers a repeated key with the same body with 200 and the same case, never a second one', async () => {
    const first = await post(submission, 'k-1').expect(201);
    const again = await post(submission, 'k-1').expect(200);
    expect(again.body).toEqual(first.body);
    await request(app).get('/admin/stats').expect(200, {
      cases: 1,
      submissions: 2,
      byIdNumber: { [PERSON_A]: { submissions: 2, cases: 1 } },
    });
  });

  it('treats the same request written differently as the same body', async () => {
    const first = await post(submission, 'k-1').expect(201);
    const rewritten = {
      ...submission,
      idNumber: ` ${PERSON_A.toLowerCase()} `,
      monthlyBase: '8000',
      formHash: submission.formHash.toUpperCase(),
      name: ' 王芳 ',
    };
    const again = await post(rewritten, 'k-1').expect(200);
    expect(again.body.caseId).toBe(first.body.caseId);
  });

  it('shows the current status on a replay', async () => {
    const first = await post(submission, 'k-1').expect(201);
    clock.now = START + DAY;
    await post(submission, 'k-1').expect(200, { caseId: first.body.caseId, status: 'CONTACT_LETTER_SENT' });
  });

  it('answers 409 for the same key with a different body and keeps the original case', async () => {
    const first = await post(submission, 'k-1').expect(201);
    const res = await post({ ...submission, contributionMonths: 35 }, 'k-1').expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await post({ ...submission, idNumber: PERSON_B }, 'k-1').expect(409);
    expect(state.cases.size).toBe(1);
    expect(state.cases.get(first.body.caseId)?.request.contributionMonths).toBe(36);
  });

  it('requires an Idempotency-Key header', async () => {
    const res = await post(submission).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['Idempotency-Key']);
    expect(state.cases.size).toBe(0);
  });

  it('lists every bad field at once', async () => {
    const res = await post({
      idNumber: '4401061985031400',
      name: '   ',
      originCityCode: '4401',
      destinationCityCode: 430100,
      destinationAgency: '',
      contributionMonths: 1.5,
      monthlyBase: '8000.001',
      formHash: 'abc',
      employer: '多余字段',
    }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res).sort()).toEqual(
      [
        'Idempotency-Key',
        'idNumber',
        'name',
        'originCityCode',
        'destinationCityCode',
        'destinationAgency',
        'contributionMonths',
        'monthlyBase',
        'formHash',
        'employer',
      ].sort(),
    );
    for (const detail of res.body.error.details as { message: string }[]) expect(detail.message.length).toBeGreaterThan(0);
    expect(state.cases.size).toBe(0);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a wrong check character', { idNumber: `${PERSON_A.slice(0, 17)}${PERSON_A[17] === '0' ? '1' : '0'}` }, 'idNumber'],
    ['negative months', { contributionMonths: -1 }, 'contributionMonths'],
    ['a base as a number', { monthlyBase: 8000 }, 'monthlyBase'],
    ['a missing name', { name: undefined }, 'name'],
    ['the same city on both sides', { destinationCityCode: '440100' }, 'destinationCityCode'],
  ])('rejects %s', async (_case, change, path) => {
    const res = await post({ ...submission, ...change }, 'k-bad').expect(400);
    expect(detailPaths(res)).toEqual([path]);
  });

  it('answers 400 INVALID_JSON for a body that is not JSON', async () => {
    const res = await request(app)
      .post('/transfers')
      .set('Idempotency-Key', 'k-1')
      .set('content-type', 'application/json')
      .send('{"idNumber": ')
      .expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });
});

describe('origin agency simulator: outcomes', () => {
  const { app, state, clock, at } = setup();
  let keyCounter = 0;
  const submit = (body: object = submission) =>
    request(app)
      .post('/transfers')
      .set('Idempotency-Key', `outcome-${++keyCounter}`)
      .send(body)
      .expect(201)
      .then((res) => res.body.caseId as string);
  const read = async (caseId: string) => (await request(app).get(`/transfers/${caseId}`).expect(200)).body;

  beforeEach(async () => {
    state.reset();
    clock.now = START;
    await request(app).post('/admin/timings').send({ stepMs: 1000 }).expect(200);
  });

  it('rejects a case when it would leave atStatus, then lets the resubmission through', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'REJECT', atStatus: 'CONTACT_LETTER_SENT', code: 'ARREARS', reason: '原单位存在欠费,请补缴后再申请' } })
      .expect(200);
    const rejected = await submit();

    clock.now = START + 1999;
    expect((await read(rejected)).status).toBe('CONTACT_LETTER_SENT');
    clock.now = START + 10_000;
    const found = await read(rejected);
    expect(found).toEqual({
      caseId: rejected,
      status: 'REJECTED',
      history: [
        { status: 'ACCEPTED', at: at(0) },
        { status: 'CONTACT_LETTER_SENT', at: at(1000) },
        { status: 'REJECTED', at: at(2000) },
      ],
      rejection: { code: 'ARREARS', reason: '原单位存在欠费,请补缴后再申请' },
    });

    const resubmitted = await submit();
    clock.now = START + 20_000;
    const completed = await read(resubmitted);
    expect(completed.status).toBe('COMPLETED');
    expect(completed).not.toHaveProperty('rejection');
  });

  it('rejects right after acceptance for atStatus ACCEPTED', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ID_MISMATCH', reason: '姓名与身份证号不符' } })
      .expect(200);
    const caseId = await submit();
    clock.now = START + 1000;
    const found = await read(caseId);
    expect(found.history.map((entry: { status: string }) => entry.status)).toEqual(['ACCEPTED', 'REJECTED']);
    expect(found.rejection.code).toBe('ID_MISMATCH');
  });

  it('rejects as many submissions as `times`, and only that person', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'REJECT', atStatus: 'ORIGIN_REVIEWED', code: 'RECORD_NOT_FOUND', reason: '未查到参保记录', times: 2 } })
      .expect(200);
    const other = await submit({ ...submission, idNumber: PERSON_B });
    const first = await submit();
    const second = await submit();
    const third = await submit();
    clock.now = START + 10_000;
    expect((await read(first)).status).toBe('REJECTED');
    expect((await read(second)).status).toBe('REJECTED');
    expect((await read(third)).status).toBe('COMPLETED');
    expect((await read(other)).status).toBe('COMPLETED');
    const reviewedFirst = await read(first);
    expect(reviewedFirst.history.map((entry: { status: string }) => entry.status)).toEqual([
      'ACCEPTED',
      'CONTACT_LETTER_SENT',
      'ORIGIN_REVIEWED',
      'REJECTED',
    ]);
    expect(reviewedFirst).not.toHaveProperty('funds');
  });

  it('does not use up an outcome on an idempotent replay', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ARREARS', reason: '欠费' } })
      .expect(200);
    await request(app).post('/transfers').set('Idempotency-Key', 'same').send(submission).expect(201);
    await request(app).post('/transfers').set('Idempotency-Key', 'same').send(submission).expect(200);
    await request(app).get('/admin/outcomes').expect(200, { byIdNumber: {} });
    const resubmitted = await submit();
    clock.now = START + 10_000;
    expect((await read(resubmitted)).status).toBe('COMPLETED');
  });

  it('transfers part of the months, with funds on the months transferred', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'PARTIAL', monthsNotTransferable: 12, reason: '2021年1月至12月为灵活就业缴费,不予转移' } })
      .expect(200);
    const caseId = await submit();

    clock.now = START + 1500;
    const early = await read(caseId);
    expect(early).not.toHaveProperty('partial');
    expect(early).not.toHaveProperty('monthsTransferred');

    clock.now = START + 2000;
    const reviewed = await read(caseId);
    expect(reviewed.partial).toEqual({ monthsNotTransferable: 12, reason: '2021年1月至12月为灵活就业缴费,不予转移' });
    expect(reviewed.monthsTransferred).toBe(24);
    expect(reviewed).not.toHaveProperty('funds');

    clock.now = START + 10_000;
    const done = await read(caseId);
    expect(done.status).toBe('COMPLETED');
    // 8000.00 × 24: 12% = 23040.00, 8% = 15360.00.
    expect(done.funds).toEqual({ individualAccount: '15360.00', pooledFund: '23040.00', currency: 'CNY' });

    const next = await submit();
    clock.now = START + 20_000;
    expect((await read(next)).status).toBe('COMPLETED');
    expect(await read(next)).not.toHaveProperty('partial');
  });

  it('queues outcomes in order: a rejection, then a partial transfer', async () => {
    const reject = { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ID_MISMATCH', reason: '信息不符' };
    await request(app).post('/admin/outcomes').send({ idNumber: PERSON_A, outcome: reject }).expect(200);
    const queued = await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'PARTIAL', monthsNotTransferable: 40, reason: '部分不可转' } })
      .expect(200);
    expect(queued.body.pending).toHaveLength(2);

    const first = await submit();
    const second = await submit();
    clock.now = START + 10_000;
    expect((await read(first)).status).toBe('REJECTED');
    const partial = await read(second);
    expect(partial.monthsTransferred).toBe(0);
    expect(partial.partial.monthsNotTransferable).toBe(36);
    expect(partial.funds).toEqual({ individualAccount: '0.00', pooledFund: '0.00', currency: 'CNY' });
  });

  it('rejects outcomes it does not know, naming each field', async () => {
    const res = await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: '123', outcome: { type: 'REJECT', atStatus: 'FUNDS_TRANSFERRED', code: 'BAD_LUCK', reason: '', times: 0 } })
      .expect(400);
    expect(detailPaths(res)).toEqual(
      expect.arrayContaining(['idNumber', 'outcome.atStatus', 'outcome.code', 'outcome.reason', 'outcome.times']),
    );
    await request(app).post('/admin/outcomes').send({ idNumber: PERSON_A, outcome: { type: 'LOST' } }).expect(400);
  });

  it('clears outcomes per person and all at once', async () => {
    const outcome = { type: 'REJECT', atStatus: 'ACCEPTED', code: 'OTHER', reason: '其他' };
    await request(app).post('/admin/outcomes').send({ idNumber: PERSON_A, outcome }).expect(200);
    await request(app).post('/admin/outcomes').send({ idNumber: PERSON_B, outcome }).expect(200);
    const afterOne = await request(app).post('/admin/outcomes/reset').send({ idNumber: PERSON_A }).expect(200);
    expect(Object.keys(afterOne.body.byIdNumber)).toEqual([PERSON_B]);
    await request(app).post('/admin/outcomes/reset').expect(200, { byIdNumber: {} });
  });
});

describe('origin agency simulator: withdrawal', () => {
  const { app, state, clock, at } = setup();
  let keyCounter = 0;
  const submit = () =>
    request(app)
      .post('/transfers')
      .set('Idempotency-Key', `withdraw-${++keyCounter}`)
      .send(submission)
      .expect(201)
      .then((res) => res.body.caseId as string);

  beforeEach(async () => {
    state.reset();
    clock.now = START;
    await request(app).post('/admin/timings').send({ stepMs: 1000 }).expect(200);
  });

  it('withdraws an open case, stops its progress, and answers a second withdrawal the same way', async () => {
    const caseId = await submit();
    clock.now = START + 1500;
    const withdrawn = await request(app).post(`/transfers/${caseId}/withdraw`).expect(200);
    expect(withdrawn.body).toEqual({
      caseId,
      status: 'WITHDRAWN',
      history: [
        { status: 'ACCEPTED', at: at(0) },
        { status: 'CONTACT_LETTER_SENT', at: at(1000) },
        { status: 'WITHDRAWN', at: at(1500) },
      ],
    });

    clock.now = START + 60_000;
    const again = await request(app).post(`/transfers/${caseId}/withdraw`).expect(200);
    expect(again.body).toEqual(withdrawn.body);
    expect((await request(app).get(`/transfers/${caseId}`).expect(200)).body).toEqual(withdrawn.body);
  });

  it('refuses to withdraw a completed case', async () => {
    const caseId = await submit();
    clock.now = START + 4000;
    const res = await request(app).post(`/transfers/${caseId}/withdraw`).expect(409);
    expect(res.body.error.code).toBe('CASE_CLOSED');
    expect((await request(app).get(`/transfers/${caseId}`).expect(200)).body.status).toBe('COMPLETED');
  });

  it('refuses to withdraw a rejected case', async () => {
    await request(app)
      .post('/admin/outcomes')
      .send({ idNumber: PERSON_A, outcome: { type: 'REJECT', atStatus: 'ACCEPTED', code: 'ARREARS', reason: '欠费' } })
      .expect(200);
    const caseId = await submit();
    clock.now = START + 1000;
    await request(app).post(`/transfers/${caseId}/withdraw`).expect(409);
    expect((await request(app).get(`/transfers/${caseId}`).expect(200)).body.status).toBe('REJECTED');
  });

  it('still allows a withdrawal one millisecond before completion', async () => {
    const caseId = await submit();
    clock.now = START + 3999;
    const res = await request(app).post(`/transfers/${caseId}/withdraw`).expect(200);
    expect(res.body.status).toBe('WITHDRAWN');
    expect(res.body.funds).toEqual({ individualAccount: '23040.00', pooledFund: '34560.00', currency: 'CNY' });
  });
});

describe('origin agency simulator: faults', () => {
  const { app, state, clock, next } = setup();
  const post = (key: string, body: object = submission) => request(app).post('/transfers').set('Idempotency-Key', key).send(body);

  beforeEach(() => {
    state.reset();
    clock.now = START;
    next.value = 0.99;
  });

  afterEach(() => state.closeHeld());

  it('applies per-person faults to that person only, on every endpoint', async () => {
    const caseA = (await post('a').expect(201)).body.caseId;
    const caseB = (await post('b', { ...submission, idNumber: PERSON_B }).expect(201)).body.caseId;
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A.toLowerCase(), errorRate: 1 }).expect(200);

    const failed = await post('a2').expect(503);
    expect(failed.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await request(app).get(`/transfers/${caseA}`).expect(503);
    await request(app).post(`/transfers/${caseA}/withdraw`).expect(503);

    await post('b2', { ...submission, idNumber: PERSON_B }).expect(201);
    await request(app).get(`/transfers/${caseB}`).expect(200);
  });

  it('applies global faults to everyone, and a per-person setting overrides them', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    await request(app).post('/admin/faults').send({ idNumber: PERSON_B }).expect(200);
    await post('a').expect(503);
    await request(app).get('/transfers/ZY00000000000000').expect(503);
    await post('b', { ...submission, idNumber: PERSON_B }).expect(201);
  });

  it('fails BEFORE creating the case when the second roll is below 0.5: nothing stored, the key still free', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);
    next.value = 0.3;
    await post('k').expect(503);
    expect(state.cases.size).toBe(0);
    expect(state.idempotencyKeys.size).toBe(0);

    await request(app).post('/admin/faults/reset').send({ idNumber: PERSON_A }).expect(200);
    await post('k').expect(201);
    await request(app).get('/admin/stats').expect(200, { cases: 1, submissions: 2, byIdNumber: { [PERSON_A]: { submissions: 2, cases: 1 } } });
  });

  it('fails AFTER creating the case when the second roll is 0.5 or more: the retry with the same key finds it', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);
    next.value = 0.7;
    await post('k').expect(503);
    const listed = await request(app).get('/admin/cases').query({ idNumber: PERSON_A }).expect(200);
    expect(listed.body.cases).toHaveLength(1);
    const lost = listed.body.cases[0];
    expect(lost).toMatchObject({ idNumber: PERSON_A, idempotencyKey: 'k', status: 'ACCEPTED' });

    await request(app).post('/admin/faults/reset').expect(200);
    await post('k').expect(200, { caseId: lost.caseId, status: 'ACCEPTED' });
    expect(state.cases.size).toBe(1);
  });

  it('withdraws even when the answer to the withdrawal is lost', async () => {
    const caseId = (await post('k').expect(201)).body.caseId;
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);
    next.value = 0.6;
    await request(app).post(`/transfers/${caseId}/withdraw`).expect(503);
    await request(app).post('/admin/faults/reset').expect(200);
    expect((await request(app).get(`/transfers/${caseId}`).expect(200)).body.status).toBe('WITHDRAWN');
  });

  it('holds a timed-out submission open until closeHeld, having created the case when the roll says after', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, timeoutRate: 1 }).expect(200);
    next.value = 0.8;
    let settled = false;
    const pending = post('k')
      .then(
        () => 'answered',
        () => 'connection closed',
      )
      .finally(() => (settled = true));

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    expect(state.cases.size).toBe(1);
    state.closeHeld();
    await expect(pending).resolves.toBe('connection closed');
  });

  it('holds a timed-out submission without creating anything when the roll says before', async () => {
    await request(app).post('/admin/faults').send({ timeoutRate: 1 }).expect(200);
    next.value = 0.1;
    const pending = post('k').then(
      () => 'answered',
      () => 'connection closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(state.cases.size).toBe(0);
    state.closeHeld();
    await expect(pending).resolves.toBe('connection closed');
  });

  it.each([
    ['truncated JSON', 0],
    ['a body without status', 0.5],
    ['an HTML page', 0.9],
  ])('answers a created case with a broken body (%s), the case still stored', async (_kind, roll) => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, malformedRate: 1 }).expect(200);
    next.value = roll;
    const res = await post('k')
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .expect(201);
    expect(state.cases.size).toBe(1);
    const text = res.body as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // not JSON at all: broken, as intended
    }
    expect(parsed).toHaveProperty('caseId');
    expect(parsed).not.toHaveProperty('status');
  });

  it('leaves error answers intact under malformedRate', async () => {
    await request(app).post('/admin/faults').send({ malformedRate: 1 }).expect(200);
    const res = await request(app).get('/transfers/ZY00000000000000').expect(404);
    expect(res.body.error.code).toBe('CASE_NOT_FOUND');
  });

  it('uses the injected random source to pick which requests fail', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 0.5 }).expect(200);
    next.value = 0.49;
    await post('k').expect(503);
    next.value = 0.5;
    await post('k').expect(201);
  });

  it('delays answers by latencyMs', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, latencyMs: 150 }).expect(200);
    const started = Date.now();
    await post('k').expect(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('counts faulted submissions too, so retries can be proven', async () => {
    await request(app).post('/admin/faults').send({ idNumber: PERSON_A, errorRate: 1 }).expect(200);
    next.value = 0.1;
    await post('k').expect(503);
    await post('k').expect(503);
    await post('k', { ...submission, idNumber: PERSON_B }).expect(201);
    await request(app).post('/transfers').send({}).expect(400);
    const stats = await request(app).get('/admin/stats').expect(200);
    expect(stats.body).toEqual({
      cases: 1,
      submissions: 4,
      byIdNumber: { [PERSON_A]: { submissions: 2, cases: 0 }, [PERSON_B]: { submissions: 1, cases: 1 } },
    });
  });

  it('shows the current settings and clears them on reset', async () => {
    await request(app).post('/admin/faults').send({ latencyMs: 5, errorRate: 0.2 }).expect(200);
    await request(app).post('/admin/faults').send({ idNumber: PERSON_B, timeoutRate: 0.1 }).expect(200);
    const shown = await request(app).get('/admin/faults').expect(200);
    expect(shown.body).toEqual({
      global: { latencyMs: 5, errorRate: 0.2, timeoutRate: 0, malformedRate: 0 },
      byIdNumber: { [PERSON_B]: { latencyMs: 0, errorRate: 0, timeoutRate: 0.1, malformedRate: 0 } },
    });
    await request(app).post('/admin/faults/reset').expect(200);
    const cleared = await request(app).get('/admin/faults').expect(200);
    expect(cleared.body).toEqual({ global: { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 }, byIdNumber: {} });
  });

  it('rejects fault settings out of range, naming each field', async () => {
    const res = await request(app)
      .post('/admin/faults')
      .send({ errorRate: 1.5, timeoutRate: -0.1, latencyMs: 'slow', idNumber: '123' })
      .expect(400);
    expect(detailPaths(res)).toEqual(expect.arrayContaining(['errorRate', 'timeoutRate', 'latencyMs', 'idNumber']));
  });

  it('never applies faults to admin endpoints', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1, malformedRate: 1 }).expect(200);
    await request(app).get('/admin/stats').expect(200);
    await request(app).get('/admin/cases').expect(200, { cases: [] });
    await request(app).get('/healthz').expect(200);
  });
});

describe('origin agency simulator: admin views', () => {
  const { app, state, clock } = setup();

  beforeEach(() => {
    state.reset();
    clock.now = START;
  });

  it('lists cases, filtered by ID number, with the request as received', async () => {
    await request(app).post('/transfers').set('Idempotency-Key', 'a').send({ ...submission, monthlyBase: '8000' }).expect(201);
    await request(app).post('/transfers').set('Idempotency-Key', 'b').send({ ...submission, idNumber: PERSON_B }).expect(201);
    const all = await request(app).get('/admin/cases').expect(200);
    expect(all.body.cases).toHaveLength(2);
    const mine = await request(app).get('/admin/cases').query({ idNumber: PERSON_A.toLowerCase() }).expect(200);
    expect(mine.body.cases).toHaveLength(1);
    expect(mine.body.cases[0]).toMatchObject({ idNumber: PERSON_A, idempotencyKey: 'a', request: { ...submission, monthlyBase: '8000.00' }, outcome: null });
    await request(app).get('/admin/cases').query({ idNumber: 'nope' }).expect(400);
  });

  it('resets everything over HTTP', async () => {
    await request(app).post('/transfers').set('Idempotency-Key', 'a').send(submission).expect(201);
    await request(app).post('/admin/reset').expect(204);
    await request(app).get('/admin/stats').expect(200, { cases: 0, submissions: 0, byIdNumber: {} });
  });
});
