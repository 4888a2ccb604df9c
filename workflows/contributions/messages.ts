import { defineQuery } from '@temporalio/workflow';
import type { IsoMonth } from '../../domain/business-date';

export interface ContributionRunInput {
  companyId: string;
  month: IsoMonth;
  /** Employees per batch activity; the default suits 100,000-employee companies. */
  batchSize?: number;
  parallelBatches?: number;
}

export interface ContributionRunProgress {
  phase: 'STARTING' | 'COMPUTING' | 'DONE';
  runId?: string;
  attempt?: number;
  batches: number;
  batchesDone: number;
  employeesRead: number;
  employeesComputed: number;
  notEmployed: number;
  skipped: number;
  lines: number;
}

export const contributionRunProgressQuery = defineQuery<ContributionRunProgress>('contributionRunProgress');
