import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { TransferStatus } from '../../domain/transfer';

// Shared by the workflow and the API: the same definitions on both sides of the wire.

export interface TransferTimings {
  /** How often the employee is reminded to sign (e.g. every 3 days). */
  signatureReminderInterval?: Duration;
  /** When an unsigned request expires (e.g. 14 days). */
  signatureDeadline?: Duration;
  /** First wait between two looks at the origin agency's case. */
  pollInterval?: Duration;
  /** The longest wait between two looks once polling has backed off. */
  maxPollInterval?: Duration;
  /** Events after which the polling loop continues as new. */
  historyLimit?: number;
}

export interface TransferInput {
  transferId: string;
  employeeId: string;
  originCityCode: string;
  destinationCityCode: string;
  onboardingCaseId?: string;
  timings?: TransferTimings;
  /** Set only by continue-as-new. */
  resume?: TransferState;
}

export interface TransferTimelineEntry {
  at: string;
  step: string;
  message: string;
}

export interface TransferState {
  status: TransferStatus;
  flags: string[];
  signingRound: number;
  /** The page where the employee signs the current request. */
  signingUrl?: string;
  submissionCount: number;
  agencyCaseId?: string;
  agencyStatus?: string;
  rejection?: { code: string; reason: string };
  /** Business date (Asia/Shanghai) each status was entered, for the working-day limits. */
  enteredOn: Partial<Record<TransferStatus, string>>;
  polls: number;
  nextPollAt?: string;
  result?: { monthsTransferred: number; localMonths: number; totalMonths: number; individualAccount: string; pooledFund: string };
  timeline: TransferTimelineEntry[];
}

export const TRANSFER_ACTIONS = ['CANCEL', 'RESUBMIT', 'RESEND_SIGNATURE', 'CONFIRM_COMPLETION'] as const;
export type TransferActionKind = (typeof TRANSFER_ACTIONS)[number];

export interface TransferAction {
  action: TransferActionKind;
  note: string;
  actor: string;
  /** With RESUBMIT: what HR corrected after the rejection (kept on the timeline and sent along). */
  corrections?: Record<string, string>;
}

export interface SignatureCompleted {
  signingRequestId: string;
  signedAt: string;
}

export const transferStateQuery = defineQuery<TransferState>('transferState');
export const transferActionUpdate = defineUpdate<TransferState, [TransferAction]>('transferAction');
export const signatureCompletedSignal = defineSignal<[SignatureCompleted]>('signatureCompleted');
