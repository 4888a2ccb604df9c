import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Database } from '../prisma/client';

export interface AppDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  employeeKeySecret: string;
  originRecheckInterval: Duration;
  /** Business "today" in Asia/Shanghai; injectable so tests can pin it. */
  today: () => string;
  logError: (error: unknown) => void;
}
