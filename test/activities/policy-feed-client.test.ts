import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from '../../activities/adapters/errors';
import { createPolicyFeedClient } from '../../activities/adapters/policy-feed-client';
import { startPolicyFeedSimulator, type RunningPolicyFeedSimulator } from '../../simulators/policy-feed/server';
import { SEED_POLICY_FEED, SEED_PUBLISHED_AT } from '../../simulators/policy-feed/seed';

const roll = { value: 0.99 };
let simulator: RunningPolicyFeedSimulator;

async function admin(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${simulator.url}${path}`, {
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

function jsonResponse(body: unknown): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

beforeAll(async () => {
  simulator = await startPolicyFeedSimulator({ seed: SEED_POLICY_FEED, random: () => roll.value });
});

afterAll(async () => {
  await simulator.close();
});

beforeEach(() => {
  simulator.state.reset();
  roll.value = 0.99;
});

describe('policy feed client against the simulator', () => {
  it('reads the seeded feed', async () => {
    const pristine = await startPolicyFeedSimulator({ seed: SEED_POLICY_FEED });
    try {
      const client = createPolicyFeedClient({ baseUrl: pristine.url, timeoutMs: 2000 });
      await expect(client.fetchFeed()).resolves.toEqual({
        feedVersion: 1,
        publishedAt: SEED_PUBLISHED_AT,
        entries: [expect.objectContaining({ cityCode: '430100', insuranceType: 'PENSION', employerRatePercent: '15' })],
      });
    } finally {
      await pristine.close();
    }
  });

  it('hands bad entries over untouched, for the caller to report one by one', async () => {
    const entries = [{ cityCode: '430100', employerRatePercent: '150' }, null, 'junk', { ...SEED_POLICY_FEED[0], effectiveTo: '2024-01-01' }];
    await admin('/admin/feed', { entries });
    const client = createPolicyFeedClient({ baseUrl: `${simulator.url}/`, timeoutMs: 2000 });

    const feed = await client.fetchFeed();
    expect(feed.entries).toEqual(entries);
    expect(feed.feedVersion).toBe(simulator.state.feedVersion);
    expect(feed.publishedAt).toBe(simulator.state.publishedAt);
  });

  it('turns a 503 into RemoteUnavailableError', async () => {
    await admin('/admin/faults', { errorRate: 1 });
    const client = createPolicyFeedClient({ baseUrl: simulator.url, timeoutMs: 2000 });

    const err = await failureOf(client.fetchFeed());
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect(err).toMatchObject({ system: 'policy-feed', status: 503, name: 'RemoteUnavailableError' });
    expect((err as Error).message).toContain('GET /feed/policies');
  });

  it.each([
    ['truncated JSON', 0],
    ['an HTML page', 0.9],
  ])('turns a broken 200 body (%s) into RemoteMalformedResponseError', async (_kind, value) => {
    await admin('/admin/faults', { malformedRate: 1 });
    roll.value = value;
    const client = createPolicyFeedClient({ baseUrl: simulator.url, timeoutMs: 2000 });

    const err = await failureOf(client.fetchFeed());
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expect(err).toMatchObject({ system: 'policy-feed', status: 200 });
  });

  it('gives up on a held request after roughly timeoutMs with RemoteUnavailableError', async () => {
    await admin('/admin/faults', { timeoutRate: 1 });
    const client = createPolicyFeedClient({ baseUrl: simulator.url, timeoutMs: 300 });

    const started = Date.now();
    const err = await failureOf(client.fetchFeed());
    const elapsed = Date.now() - started;

    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toContain('timed out after 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
  });

  it('treats latency beyond timeoutMs as unavailable', async () => {
    await admin('/admin/faults', { latencyMs: 1000 });
    const client = createPolicyFeedClient({ baseUrl: simulator.url, timeoutMs: 200 });
    await expect(client.fetchFeed()).rejects.toBeInstanceOf(RemoteUnavailableError);
  });

  it('turns a refused connection into RemoteUnavailableError', async () => {
    const closed = simulator.app.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createPolicyFeedClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 });

    const err = await failureOf(client.fetchFeed());
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as RemoteUnavailableError).status).toBeUndefined();
  });

  it('turns a 404 (wrong base URL) into RemoteRejectedError', async () => {
    const client = createPolicyFeedClient({ baseUrl: `${simulator.url}/v2`, timeoutMs: 2000 });
    const err = await failureOf(client.fetchFeed());
    expect(err).toBeInstanceOf(RemoteRejectedError);
    expect(err).toMatchObject({ system: 'policy-feed', status: 404 });
  });
});

describe('policy feed client envelope validation', () => {
  const good = { feedVersion: 3, publishedAt: '2025-01-02T03:04:05.000Z', entries: [{ anything: true }] };
  const fetchWith = (body: unknown) =>
    createPolicyFeedClient({ baseUrl: 'http://feed.invalid', timeoutMs: 1000, fetchImpl: jsonResponse(body) }).fetchFeed();

  it('accepts a valid envelope, an offset publishedAt and version 0, and drops fields it does not know', async () => {
    await expect(fetchWith({ ...good, vendor: 'x' })).resolves.toEqual(good);
    await expect(fetchWith({ ...good, publishedAt: '2025-01-02T11:04:05+08:00' })).resolves.toMatchObject({
      publishedAt: '2025-01-02T11:04:05+08:00',
    });
    await expect(fetchWith({ ...good, feedVersion: 0, entries: [] })).resolves.toMatchObject({ feedVersion: 0, entries: [] });
  });

  it.each<[string, unknown]>([
    ['no entries', { feedVersion: 3, publishedAt: good.publishedAt }],
    ['entries that are an object', { ...good, entries: { 0: {} } }],
    ['entries null', { ...good, entries: null }],
    ['no feedVersion', { publishedAt: good.publishedAt, entries: [] }],
    ['a negative feedVersion', { ...good, feedVersion: -1 }],
    ['a fractional feedVersion', { ...good, feedVersion: 1.5 }],
    ['feedVersion as a string', { ...good, feedVersion: '3' }],
    ['publishedAt as a date only', { ...good, publishedAt: '2025-01-02' }],
    ['publishedAt not a time at all', { ...good, publishedAt: 'yesterday' }],
    ['publishedAt as epoch milliseconds', { ...good, publishedAt: 1735787045000 }],
    ['a bare array of entries', [{ anything: true }]],
    ['null', null],
  ])('rejects an envelope with %s as RemoteMalformedResponseError', async (_case, body) => {
    const err = await failureOf(fetchWith(body));
    expect(err).toBeInstanceOf(RemoteMalformedResponseError);
    expect(err).toMatchObject({ system: 'policy-feed', status: 200 });
  });

  it('asks the feed path under the base URL', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return jsonResponse(good)(input, init);
    };
    await createPolicyFeedClient({ baseUrl: 'http://feed.invalid/vendor', timeoutMs: 1000, fetchImpl }).fetchFeed();
    expect(seen).toEqual(['GET http://feed.invalid/vendor/feed/policies']);
  });
});
