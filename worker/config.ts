import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../prisma/database-url';
import { ONBOARDING_TASK_QUEUE, TRANSFER_TASK_QUEUE } from './task-queues';

const workerEnv = z.object({
  DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TASK_QUEUE: z.string().default(ONBOARDING_TASK_QUEUE),
  TRANSFER_TASK_QUEUE: z.string().default(TRANSFER_TASK_QUEUE),
  NATIONAL_RECORDS_URL: z.string().url().default('http://127.0.0.1:4010'),
  NATIONAL_RECORDS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ORIGIN_AGENCY_URL: z.string().url().default('http://127.0.0.1:4020'),
  ESIGN_URL: z.string().url().default('http://127.0.0.1:4030'),
  POLICY_FEED_URL: z.string().url().default('http://127.0.0.1:4040'),
  /** Create or update the month-end cleanup and policy sync schedules when the worker starts. */
  ENSURE_SCHEDULES: z.enum(['true', 'false']).default('true'),
  /** Where the worker serves Temporal's Prometheus metrics; empty turns it off. */
  WORKER_METRICS_ADDRESS: z.string().default('127.0.0.1:9464'),
  REMOTE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Our API as the e-sign provider reaches it, for its webhook. */
  PUBLIC_API_URL: z.string().url().default('http://127.0.0.1:3000'),
  EMPLOYER_NAME: z.string().min(1).default('长沙示例制造有限公司'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().positive().default(100),
});

export type WorkerConfig = z.infer<typeof workerEnv>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return workerEnv.parse(env);
}
