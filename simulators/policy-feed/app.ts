import type { Server } from 'node:http';
import express, { type Response } from 'express';
import { z } from 'zod';
import { policyProblems, type PolicyTerms } from '../../domain/contributions/policy';
import { closeSimulator, createHeldSockets, errorBody, notFoundHandler, simulatorErrorHandler } from '../shared/http';
import { type FaultSettings, faultsFor, NO_FAULTS, type PersonFaultStore, registerPersonFaultRoutes } from '../shared/person-faults';

/**
 * Stand-in for a vendor's policy feed: one document listing the rate and limit terms per city,
 * insurance type and effective date, polled daily.
 *
 * The feed serves whatever it holds. POST /admin/feed replaces it with any array of entries,
 * unchecked, because the consumer must cope with a vendor publishing nonsense; only the seed is
 * validated, so that a typo in it fails at start-up rather than in a test.
 *
 * Faults are global only (the feed is one document for everyone) and hit GET /feed/policies.
 */

/** What the vendor publishes per entry: the policy terms plus where they come from and when. */
export interface PolicyFeedEntry extends PolicyTerms {
  source: string;
  /** ISO instant. */
  publishedAt: string;
}

export type { FaultSettings, FaultsView } from '../shared/person-faults';

export interface PolicyFeedView {
  feedVersion: number;
  /** ISO instant of the last change. */
  publishedAt: string;
  entries: unknown[];
}

export interface PolicyFeedSimulatorState {
  /** Not necessarily PolicyFeedEntry: POST /admin/feed stores anything. */
  entries: unknown[];
  feedVersion: number;
  publishedAt: string;
  globalFaults: FaultSettings;
  /** GET /feed/policies received, faulted ones too. */
  fetches: number;
  /** Replaces the entries as a new version published now. */
  replace(entries: unknown[]): void;
  /** Publishes the seed again as a new version. */
  restoreSeed(): void;
  /** Restores the seed and clears faults and the fetch count. */
  reset(): void;
  /** Destroys the sockets of fetches held open by a timeout fault or still waiting out latency. */
  closeHeld(): void;
}

export interface PolicyFeedSimulatorOptions {
  seed?: readonly PolicyFeedEntry[];
  /** Decides which fetches get a fault; inject it to make fault tests deterministic. */
  random?: () => number;
  /** Epoch milliseconds; stamps the publishedAt of replaced feeds. */
  now?: () => number;
}

export interface PolicyFeedSimulator {
  app: express.Express;
  state: PolicyFeedSimulatorState;
}

const CITY_CODE_PATTERN = /^\d{6}$/;
// A whole country's feed (cities × types × industry classes × versions) outgrows express's 100kb default.
const ADMIN_BODY_LIMIT = '10mb';

const replaceBodySchema = z.object({ entries: z.array(z.unknown()) });

// The shared fault routes scope faults by ID number; the feed has none, so every scope is refused.
const noIdNumberSchema: z.ZodType<string> = z.never({ error: '保单源只支持全局故障,不按身份证号设置' });

function validationDetails(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

function parseSeed(seed: readonly PolicyFeedEntry[]): PolicyFeedEntry[] {
  return seed.map((entry, index) => {
    const problems = policyProblems(entry);
    if (entry.source.trim() === '') problems.push({ field: 'source', message: '来源不能为空' });
    if (Number.isNaN(Date.parse(entry.publishedAt))) problems.push({ field: 'publishedAt', message: '发布时间不是 ISO 时间' });
    if (problems.length > 0) throw new Error(`Invalid seed entry #${index}: ${JSON.stringify(problems)}`);
    return structuredClone(entry);
  });
}

/** The seed's own publication instant, so a fresh simulator does not claim it was published just now. */
function latestPublishedAt(seed: readonly PolicyFeedEntry[], fallback: string): string {
  const instants = seed.map((entry) => Date.parse(entry.publishedAt));
  return instants.length === 0 ? fallback : new Date(Math.max(...instants)).toISOString();
}

/** The ways a real gateway breaks a 200 answer: a cut-off body, an HTML maintenance page. */
const MALFORMED_ANSWERS: ((body: PolicyFeedView) => { contentType: string; text: string })[] = [
  (body) => {
    const json = JSON.stringify(body);
    return { contentType: 'application/json', text: json.slice(0, Math.floor(json.length / 2)) };
  },
  () => ({
    contentType: 'text/html; charset=utf-8',
    text: '<!DOCTYPE html><html><body><h1>系统维护中,请稍后访问</h1></body></html>',
  }),
];

export function createPolicyFeedSimulator(options: PolicyFeedSimulatorOptions = {}): PolicyFeedSimulator {
  const seedEntries = parseSeed(options.seed ?? []);
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const nowIso = () => new Date(now()).toISOString();
  const held = createHeldSockets();
  const { hold, delay } = held;

  const state: PolicyFeedSimulatorState = {
    entries: structuredClone(seedEntries),
    feedVersion: 1,
    publishedAt: latestPublishedAt(seedEntries, nowIso()),
    globalFaults: { ...NO_FAULTS },
    fetches: 0,
    // Pollers compare versions, so a version never goes back, not even when the seed returns.
    replace(entries) {
      state.entries = entries;
      state.feedVersion += 1;
      state.publishedAt = nowIso();
    },
    restoreSeed() {
      state.replace(structuredClone(seedEntries));
    },
    reset() {
      state.restoreSeed();
      state.globalFaults = { ...NO_FAULTS };
      state.fetches = 0;
    },
    closeHeld() {
      held.destroyAll();
    },
  };

  const faultStore: PersonFaultStore = {
    get globalFaults() {
      return state.globalFaults;
    },
    set globalFaults(faults) {
      state.globalFaults = faults;
    },
    faultsByIdNumber: new Map(),
  };

  const view = (entries: unknown[] = state.entries): PolicyFeedView => ({
    feedVersion: state.feedVersion,
    publishedAt: state.publishedAt,
    entries,
  });

  const happens = (rate: number): boolean => rate > 0 && random() < rate;

  function sendMalformed(res: Response, body: PolicyFeedView): void {
    const index = Math.min(Math.floor(random() * MALFORMED_ANSWERS.length), MALFORMED_ANSWERS.length - 1);
    const answer = MALFORMED_ANSWERS[index]!(body);
    res.status(200).type(answer.contentType).send(answer.text);
  }

  /** The entries for `?city=`, all of them without it, or undefined after answering 400. */
  function entriesFor(city: unknown, res: Response): unknown[] | undefined {
    if (city === undefined) return state.entries;
    if (typeof city !== 'string' || !CITY_CODE_PATTERN.test(city)) {
      res.status(400).json(errorBody('INVALID_CITY_CODE', '地区代码应为6位数字'));
      return undefined;
    }
    return state.entries.filter(
      (entry) => typeof entry === 'object' && entry !== null && (entry as { cityCode?: unknown }).cityCode === city,
    );
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: ADMIN_BODY_LIMIT }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/feed/policies', async (req, res) => {
    const entries = entriesFor(req.query.city, res);
    if (entries === undefined) return;
    state.fetches += 1;

    const faults = faultsFor(faultStore, undefined);
    if (faults.latencyMs > 0 && !(await delay(res, faults.latencyMs))) return;
    if (happens(faults.timeoutRate)) {
      hold(res);
      return;
    }
    if (happens(faults.errorRate)) {
      res.status(503).set('Retry-After', '1').json(errorBody('SERVICE_UNAVAILABLE', '系统繁忙,请稍后再试'));
      return;
    }
    if (happens(faults.malformedRate)) {
      sendMalformed(res, view(entries));
      return;
    }
    res.json(view(entries));
  });

  app.get('/admin/feed', (_req, res) => {
    res.json({ ...view(), fetches: state.fetches });
  });

  app.post('/admin/feed', (req, res) => {
    const parsed = replaceBodySchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(errorBody('VALIDATION_FAILED', '请求体应为含 entries 数组的对象', validationDetails(parsed.error)));
      return;
    }
    state.replace(parsed.data.entries);
    res.json(view());
  });

  app.post('/admin/feed/reset', (_req, res) => {
    state.restoreSeed();
    res.json(view());
  });

  registerPersonFaultRoutes(app, faultStore, noIdNumberSchema, (res, error) =>
    res.status(400).json(errorBody('VALIDATION_FAILED', '故障设置不合法', validationDetails(error))),
  );

  app.use(notFoundHandler);
  app.use(simulatorErrorHandler);

  return { app, state };
}

/** Closes a listening simulator, releasing held fetches first so close() does not wait on them forever. */
export function closePolicyFeedSimulatorServer(server: Server, state: PolicyFeedSimulatorState): Promise<void> {
  return closeSimulator(server, () => state.closeHeld());
}
