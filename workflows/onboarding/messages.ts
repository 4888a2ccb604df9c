import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { Classification, TransferOrigin, Warning } from '../../domain/classification';
import type { InsuranceType } from '../../domain/national-record';
import type { TransferTimings } from '../transfer/messages';

// Shared by the workflow and the API: the same definitions on both sides of the wire.

export type OnboardingStatus =
  | 'RECEIVED'
  | 'REGISTERED'
  | 'LOOKING_UP'
  | 'AWAITING_ORIGIN_STOP'
  | 'ENROLLED'
  | 'CANCELLED';

export type EnrollmentKind = 'NEW' | 'CONTINUING';

export interface OnboardingInput {
  caseId: string;
  employeeId: string;
  workCityCode: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  hireDate: string;
  /** How often to look the records up again while an origin record is still active. */
  originRecheckInterval?: Duration;
  /** Passed on to the pension transfers this onboarding starts (tests shorten them). */
  transferTimings?: TransferTimings;
  /** The task queue of the transfers it starts; its own when absent. */
  transferTaskQueue?: string;
  /** Events after which a long wait continues as new; tests lower it to exercise that path. */
  historyLimit?: number;
  /** Set only by continue-as-new. */
  resume?: OnboardingState;
}

export interface TimelineEntry {
  at: string;
  step: string;
  message: string;
}

export interface ActiveRecordSummary {
  cityCode: string;
  cityName: string;
  insuranceType: InsuranceType;
  monthsPaid: number;
  firstMonth: string;
  lastMonth: string | null;
}

export interface OnboardingState {
  status: OnboardingStatus;
  classification?: Classification;
  warnings: Warning[];
  activeElsewhere: ActiveRecordSummary[];
  transferOrigins: TransferOrigin[];
  enrollment?: { kind: EnrollmentKind; cityCode: string; effectiveMonth: string; late: boolean };
  /** Where the pension transfer of each origin stands; the transfer workflow drives it. */
  transfer?: { required: boolean; origins: string[]; status: 'PENDING_START' | 'STARTED'; workflowIds?: string[] };
  enrollmentDeadline: string;
  deadlineMissed: boolean;
  lookups: number;
  nextRecheckAt?: string;
  decision?: HrDecision & { at: string };
  decisionCount?: number;
  timeline: TimelineEntry[];
}

export const HR_DECISION_KINDS = ['PROCEED_AS_TRANSFER', 'RECHECK_NOW', 'CANCEL'] as const;
export type HrDecisionKind = (typeof HR_DECISION_KINDS)[number];

export interface HrDecision {
  kind: HrDecisionKind;
  /** Why, in HR's words; kept on the timeline. */
  note: string;
  decidedBy: string;
}

export const onboardingStateQuery = defineQuery<OnboardingState>('onboardingState');
export const hrDecisionUpdate = defineUpdate<OnboardingState, [HrDecision]>('hrDecision');
