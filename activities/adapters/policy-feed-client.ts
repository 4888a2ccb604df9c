import { z } from 'zod';
import { createJsonHttp, RemoteCall } from './json-http';

export interface PolicyFeedClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export interface PolicyFeed {
  /** Increments on every change of the feed. */
  feedVersion: number;
  /** ISO instant of the last change. */
  publishedAt: string;
  /**
   * Unchecked: the caller validates each entry itself, so that one bad entry is reported as such
   * instead of making the whole feed unreadable.
   */
  entries: unknown[];
}

export interface PolicyFeedClient {
  /** The vendor's whole feed, every city. */
  fetchFeed(): Promise<PolicyFeed>;
}

const SYSTEM = 'policy-feed';
const FETCH_FEED = 'GET /feed/policies';

const feedEnvelopeSchema: z.ZodType<PolicyFeed> = z.object({
  feedVersion: z.number().int().nonnegative(),
  publishedAt: z.iso.datetime({ offset: true }),
  entries: z.array(z.unknown()),
});

export function createPolicyFeedClient(options: PolicyFeedClientOptions): PolicyFeedClient {
  const request = createJsonHttp(options);
  return {
    fetchFeed() {
      return request(new RemoteCall(SYSTEM, FETCH_FEED), { path: 'feed/policies', schema: feedEnvelopeSchema });
    },
  };
}
