import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../prisma/database-url';
import { ONBOARDING_TASK_QUEUE, TRANSFER_TASK_QUEUE } from '../worker/task-queues';
import { DEV_ESIGN_WEBHOOK_SECRET } from './webhooks/esign-signature';
import { DEFAULT_TOKEN_TTL_SECONDS, DEV_AUTH_JWT_SECRET } from './auth/tokens';

const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?)$/, 'a duration such as "6 hours"');

const apiEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TASK_QUEUE: z.string().default(ONBOARDING_TASK_QUEUE),
  TRANSFER_TASK_QUEUE: z.string().default(TRANSFER_TASK_QUEUE),
  EMPLOYEE_KEY_SECRET: z.string().min(16).default('shebao-flow-development-key-change-me'),
  ESIGN_WEBHOOK_SECRET: z.string().min(16).default(DEV_ESIGN_WEBHOOK_SECRET),
  AUTH_JWT_SECRET: z.string().min(32).default(DEV_AUTH_JWT_SECRET),
  AUTH_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(DEFAULT_TOKEN_TTL_SECONDS),
  /** Origins allowed to call the API from a browser (comma-separated), e.g. the Temporal Web UI for the codec. */
  CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
  /** Development only: Web UI origins whose codec requests need no token (over loopback). */
  CODEC_TRUSTED_ORIGINS: z.string().default(''),
  ORIGIN_RECHECK_INTERVAL: duration.default('6 hours'),
  TRANSFER_SIGNATURE_REMINDER_INTERVAL: duration.default('3 days'),
  TRANSFER_SIGNATURE_DEADLINE: duration.default('14 days'),
  TRANSFER_POLL_INTERVAL: duration.default('6 hours'),
  TRANSFER_MAX_POLL_INTERVAL: duration.default('1 day'),
});

export type ApiConfig = z.infer<typeof apiEnv>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return apiEnv.parse(env);
}
