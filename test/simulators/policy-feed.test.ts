import request from 'supertest';
import { policyProblems } from '../../domain/contributions/policy';
import { createPolicyFeedSimulator } from '../../simulators/policy-feed/app';
import { SEED_POLICY_FEED, SEED_PUBLISHED_AT } from '../../simulators/policy-feed/seed';

/** Written out again so a typo in the seed cannot pass by being compared with itself. */
const changshaPension2025 = {
  cityCode: '430100',
  insuranceType: 'PENSION',
  industryClass: null,
  effectiveFrom: '2025-01-01',
  effectiveTo: null,
  employerRatePercent: '15',
  employeeRatePercent: '8',
  baseFloor: '3604',
  baseCap: '18021',
  roundingScale: 2,
  roundingMode: 'HALF_UP',
  hireMonth: { cutoffDay: 15, onOrBefore: 'FULL', after: 'HALF' },
  leaveMonth: { cutoffDay: 15, onOrBefore: 'NONE', after: 'FULL' },
  baseSwitchMonth: 1,
  source: '源文档示例:湖南省单位养老保险缴费比例由 16% 调整为 15%(示例数据,日期为示意)',
  publishedAt: SEED_PUBLISHED_AT,
};

const guangzhouMedical = {
  ...changshaPension2025,
  cityCode: '440100',
  insuranceType: 'MEDICAL',
  employerRatePercent: '5.5',
  employeeRatePercent: '2',
  baseFloor: '4588',
  baseCap: '26421',
  baseSwitchMonth: 7,
  source: '测试数据',
};

/** What a vendor gets wrong: each of these must still be stored and served as it is. */
const badEntries: unknown[] = [
  { ...changshaPension2025, employerRatePercent: '150', employeeRatePercent: '-1' },
  { ...changshaPension2025, effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' },
  { cityCode: '430100', insuranceType: 'PENSION' },
  { ...guangzhouMedical, baseFloor: 'abc', roundingMode: 'SOMETIMES' },
  null,
  'not an entry',
  42,
];

const START = Date.parse('2026-03-02T01:00:00.000Z');

function steerable() {
  const clock = { now: START };
  const roll = { value: 0.99 };
  return { clock, roll, random: () => roll.value, now: () => clock.now };
}

describe('policy feed simulator: feed', () => {
  const { clock, random, now } = steerable();
  const { app, state } = createPolicyFeedSimulator({ seed: SEED_POLICY_FEED, random, now });
  const pristine = createPolicyFeedSimulator({ seed: SEED_POLICY_FEED, random, now });

  beforeEach(() => {
    state.reset();
    clock.now = START;
  });

  it('answers health checks', async () => {
    await request(app).get('/healthz').expect(200, { status: 'ok' });
  });

  it('serves the seed as version 1, published when the seed was', async () => {
    const res = await request(pristine.app).get('/feed/policies').expect(200);
    expect(res.body).toEqual({ feedVersion: 1, publishedAt: SEED_PUBLISHED_AT, entries: [changshaPension2025] });
  });

  it('seeds the source document example, a valid policy', () => {
    expect(SEED_POLICY_FEED).toEqual([changshaPension2025]);
    expect(SEED_PUBLISHED_AT).toBe(new Date(SEED_PUBLISHED_AT).toISOString());
    for (const entry of SEED_POLICY_FEED) expect(policyProblems(entry)).toEqual([]);
  });

  it('refuses an invalid seed at start-up', () => {
    const [seedEntry] = SEED_POLICY_FEED;
    expect(() => createPolicyFeedSimulator({ seed: [{ ...seedEntry!, employerRatePercent: '160' }] })).toThrow(/employerRatePercent/);
    expect(() => createPolicyFeedSimulator({ seed: [{ ...seedEntry!, publishedAt: 'yesterday' }] })).toThrow(/publishedAt/);
  });

  it('filters by city', async () => {
    await request(app)
      .post('/admin/feed')
      .send({ entries: [changshaPension2025, guangzhouMedical, null, { insuranceType: 'PENSION' }] })
      .expect(200);

    const changsha = await request(app).get('/feed/policies?city=430100').expect(200);
    expect(changsha.body.entries).toEqual([changshaPension2025]);
    const guangzhou = await request(app).get('/feed/policies').query({ city: '440100' }).expect(200);
    expect(guangzhou.body.entries).toEqual([guangzhouMedical]);
    expect(guangzhou.body.feedVersion).toBe(changsha.body.feedVersion);
    const nowhere = await request(app).get('/feed/policies?city=110000').expect(200);
    expect(nowhere.body.entries).toEqual([]);
    const all = await request(app).get('/feed/policies').expect(200);
    expect(all.body.entries).toHaveLength(4);
  });

  it.each(['4301', '43010x', ''])('answers 400 for the city code %j', async (city) => {
    const res = await request(app).get('/feed/policies').query({ city }).expect(400);
    expect(res.body.error.code).toBe('INVALID_CITY_CODE');
  });

  it('answers 400 for a repeated city parameter', async () => {
    await request(app).get('/feed/policies?city=430100&city=440100').expect(400);
  });

  it('replaces the feed with whatever entries it is given, bumping version and publishedAt', async () => {
    const before = (await request(app).get('/feed/policies').expect(200)).body as { feedVersion: number };
    clock.now = START + 60_000;

    const answer = await request(app).post('/admin/feed').send({ entries: badEntries }).expect(200);
    const expected = { feedVersion: before.feedVersion + 1, publishedAt: new Date(START + 60_000).toISOString(), entries: badEntries };
    expect(answer.body).toEqual(expected);
    await request(app).get('/feed/policies').expect(200, expected);

    clock.now = START + 120_000;
    const again = await request(app).post('/admin/feed').send({ entries: [] }).expect(200);
    expect(again.body).toEqual({ feedVersion: before.feedVersion + 2, publishedAt: new Date(START + 120_000).toISOString(), entries: [] });
  });

  it('ignores other fields of the replace body', async () => {
    const res = await request(app).post('/admin/feed').send({ entries: [guangzhouMedical], feedVersion: 999 }).expect(200);
    expect(res.body.entries).toEqual([guangzhouMedical]);
    expect(res.body.feedVersion).not.toBe(999);
  });

  it.each<[string, unknown]>([
    ['no entries', {}],
    ['entries that are not an array', { entries: { cityCode: '430100' } }],
    ['entries as a string', { entries: '[]' }],
    ['a bare array', [changshaPension2025]],
  ])('answers 400 to a replace body with %s and keeps the feed', async (_case, body) => {
    const before = (await request(app).get('/admin/feed').expect(200)).body as { feedVersion: number };
    const res = await request(app).post('/admin/feed').send(body as object).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const after = await request(app).get('/feed/policies').expect(200);
    expect(after.body).toMatchObject({ feedVersion: before.feedVersion, entries: [changshaPension2025] });
  });

  it('answers 400 to a replace without a body or with broken JSON', async () => {
    await request(app).post('/admin/feed').expect(400);
    const res = await request(app).post('/admin/feed').set('content-type', 'application/json').send('{"entries": [').expect(400);
    expect(res.body.error.code).toBe('INVALID_JSON');
  });

  it('restores the seed as a newer version, never an older one', async () => {
    await request(app).post('/admin/feed').send({ entries: badEntries }).expect(200);
    const replaced = (await request(app).get('/admin/feed').expect(200)).body as { feedVersion: number };
    clock.now = START + 5_000;

    const res = await request(app).post('/admin/feed/reset').expect(200);
    expect(res.body).toEqual({
      feedVersion: replaced.feedVersion + 1,
      publishedAt: new Date(START + 5_000).toISOString(),
      entries: [changshaPension2025],
    });
    await request(app).get('/feed/policies').expect(200, res.body);
  });

  it('shows the current state and counts fetches', async () => {
    await request(app).get('/feed/policies').expect(200);
    await request(app).get('/feed/policies?city=430100').expect(200);
    const res = await request(app).get('/admin/feed').expect(200);
    expect(res.body).toEqual({ feedVersion: state.feedVersion, publishedAt: state.publishedAt, entries: [changshaPension2025], fetches: 2 });
  });
});

describe('policy feed simulator: faults', () => {
  const { roll, random } = steerable();
  const { app, state } = createPolicyFeedSimulator({ seed: SEED_POLICY_FEED, random });

  beforeEach(() => {
    state.reset();
    roll.value = 0.99;
  });

  afterAll(() => state.closeHeld());

  it('starts without faults and shows them', async () => {
    const empty = { latencyMs: 0, errorRate: 0, timeoutRate: 0, malformedRate: 0 };
    await request(app).get('/admin/faults').expect(200, { global: empty, byIdNumber: {} });
    await request(app).post('/admin/faults').send({ errorRate: 0.5 }).expect(200, { global: { ...empty, errorRate: 0.5 }, byIdNumber: {} });
  });

  it('answers 503 with an error share of 1, and again 200 after a fault reset', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    const res = await request(app).get('/feed/policies').expect(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await request(app).get('/feed/policies?city=430100').expect(503);

    await request(app).post('/admin/faults/reset').expect(200);
    await request(app).get('/feed/policies').expect(200);
  });

  it('leaves the admin routes alone', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1, malformedRate: 1 }).expect(200);
    await request(app).get('/admin/feed').expect(200);
    await request(app).post('/admin/feed').send({ entries: [] }).expect(200);
    await request(app).post('/admin/feed/reset').expect(200);
  });

  it.each([
    ['truncated JSON', 0],
    ['an HTML page', 0.9],
  ])('answers 200 with a body that is not JSON (%s) with a malformed share of 1', async (_kind, value) => {
    await request(app).post('/admin/faults').send({ malformedRate: 1 }).expect(200);
    roll.value = value;

    const res = await request(app)
      .get('/feed/policies')
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .expect(200);
    const text = res.body as string;
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('delays answers by latencyMs', async () => {
    await request(app).post('/admin/faults').send({ latencyMs: 150 }).expect(200);
    const started = Date.now();
    await request(app).get('/feed/policies').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('holds a timed-out fetch open until closeHeld releases it', async () => {
    await request(app).post('/admin/faults').send({ timeoutRate: 1 }).expect(200);
    let settled = false;
    const pending = request(app)
      .get('/feed/policies')
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

  it('refuses faults for one ID number: the feed is the same for everyone', async () => {
    await request(app).post('/admin/faults').send({ idNumber: '110101199003070019', errorRate: 1 }).expect(400);
    await request(app).post('/admin/faults/reset').send({ idNumber: '110101199003070019' }).expect(400);
    await request(app).get('/feed/policies').expect(200);
  });

  it('answers 400 to out-of-range fault settings', async () => {
    const res = await request(app).post('/admin/faults').send({ errorRate: 2 }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('clears faults on state.reset()', async () => {
    await request(app).post('/admin/faults').send({ errorRate: 1 }).expect(200);
    state.reset();
    await request(app).get('/feed/policies').expect(200);
  });
});
