import type { Client } from '@temporalio/client';
import type { Duration, PayloadCodec } from '@temporalio/common';
import type { Database } from '../prisma/client';
import type { TokenService } from './auth/tokens';
import type { Logger } from 'pino';
import type { ApiMetrics } from './metrics';
import type { TransferTimings } from '../workflows/transfer/messages';

export interface AppDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** Where transfers run; the onboarding queue when absent. */
  transferTaskQueue?: string;
  employeeKeySecret: string;
  originRecheckInterval: Duration;
  /** Shared with the e-sign provider; its webhooks are signed with it. */
  esignWebhookSecret: string;
  /** Passed to every transfer this API starts; tests shorten them. */
  transferTimings?: TransferTimings;
  /** Business "today" in Asia/Shanghai; injectable so tests can pin it. */
  today: () => string;
  logError: (error: unknown) => void;
  auth: {
    tokens: TokenService;
    tokenTtlSeconds: number;
  };
  /** Created by createApp when absent. */
  metrics?: ApiMetrics;
  /** JSON request logs (pino); none when absent, as in tests. */
  logger?: Logger;
  /** Browser origins allowed to call the API (the Temporal Web UI, for the codec endpoint). */
  corsOrigins?: string[];
  /**
   * Development only: the local Temporal Web UI sends no token, so codec requests from these
   * origins over loopback are let through. Empty in production.
   */
  codecTrustedOrigins?: string[];
  /** The same codec as the worker's; built from PAYLOAD_ENCRYPTION_KEYS when absent. */
  payloadCodec?: PayloadCodec;
}
