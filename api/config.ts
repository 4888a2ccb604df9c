import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../prisma/database-url';
import { ONBOARDING_TASK_QUEUE } from '../worker/task-queues';
import { DEV_ESIGN_WEBHOOK_SECRET } from './webhooks/esign-signature';

const apiEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TASK_QUEUE: z.string().default(ONBOARDING_TASK_QUEUE),
  EMPLOYEE_KEY_SECRET: z.string().min(16).default('shebao-flow-development-key-change-me'),
  ESIGN_WEBHOOK_SECRET: z.string().min(16).default(DEV_ESIGN_WEBHOOK_SECRET),
  ORIGIN_RECHECK_INTERVAL: z.string().regex(/^\d+(\.\d+)?\s*(ms|s|seconds?|m|minutes?|h|hours?|d|days?)$/, 'a duration such as "6 hours"').default('6 hours'),
});

export type ApiConfig = z.infer<typeof apiEnv>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return apiEnv.parse(env);
}
