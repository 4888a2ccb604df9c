/**
 * Pension transfer (城镇企业职工基本养老保险关系转移接续): states, time limits, temporary
 * account rule and fund amounts. See domain.md §4.
 */
import Decimal from 'decimal.js';
import { isValidIsoDate, type IsoDate, type IsoMonth } from './business-date';
import type { Gender } from './id-number';
import { isKnownProvince } from './regions';
import { workingDaysBetween } from './working-days';

export const TRANSFER_STATUSES = [
  'DRAFT',
  'FORM_GENERATED',
  'AWAITING_SIGNATURE',
  'SIGNED',
  'SUBMITTED',
  'CONTACT_LETTER_SENT',
  'ORIGIN_REVIEWED',
  'FUNDS_TRANSFERRED',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
  'SIGNATURE_EXPIRED',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TRANSFER_FLAGS = ['OVERDUE', 'TEMP_ACCOUNT', 'PARTIAL'] as const;
export type TransferFlag = (typeof TRANSFER_FLAGS)[number];

/**
 * Allowed next states. A rejection goes back to FORM_GENERATED, not SUBMITTED: what gets
 * rejected is almost always the content of the application (data, missing 凭证), and a
 * corrected form needs a fresh signature, which only the path through AWAITING_SIGNATURE gives.
 */
export const TRANSFER_TRANSITIONS: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  DRAFT: ['FORM_GENERATED', 'CANCELLED'],
  FORM_GENERATED: ['AWAITING_SIGNATURE', 'CANCELLED'],
  AWAITING_SIGNATURE: ['SIGNED', 'SIGNATURE_EXPIRED', 'CANCELLED'],
  SIGNED: ['SUBMITTED', 'CANCELLED'],
  SUBMITTED: ['CONTACT_LETTER_SENT', 'REJECTED', 'CANCELLED'],
  CONTACT_LETTER_SENT: ['ORIGIN_REVIEWED', 'REJECTED', 'CANCELLED'],
  ORIGIN_REVIEWED: ['FUNDS_TRANSFERRED', 'REJECTED', 'CANCELLED'],
  FUNDS_TRANSFERRED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  REJECTED: ['FORM_GENERATED', 'CANCELLED'],
  CANCELLED: [],
  SIGNATURE_EXPIRED: ['AWAITING_SIGNATURE', 'CANCELLED'],
};

export function canTransition(from: TransferStatus, to: TransferStatus): boolean {
  return TRANSFER_TRANSITIONS[from].includes(to);
}

export function isTerminal(status: TransferStatus): boolean {
  return TRANSFER_TRANSITIONS[status].length === 0;
}

// ---------------------------------------------------------------------------------------------
// Time limits

export interface StepLimit {
  readonly step: string;
  readonly from: TransferStatus;
  readonly to: TransferStatus;
  readonly limitWorkingDays: number;
  /** Chinese message for HR; `{limit}` is replaced by the limit. */
  readonly overdueMessage: string;
}

/** [R] domain.md §4.1. */
export const STEP_LIMITS: readonly StepLimit[] = [
  {
    step: 'DESTINATION_CONTACT_LETTER',
    from: 'SUBMITTED',
    to: 'CONTACT_LETTER_SENT',
    limitWorkingDays: 15,
    overdueMessage: '转入地受理申请后超过{limit}个工作日未发出联系函',
  },
  {
    step: 'ORIGIN_FUND_TRANSFER',
    from: 'CONTACT_LETTER_SENT',
    to: 'FUNDS_TRANSFERRED',
    limitWorkingDays: 15,
    overdueMessage: '转出地收到联系函后超过{limit}个工作日未转移基金',
  },
  {
    step: 'DESTINATION_COMPLETION',
    from: 'FUNDS_TRANSFERRED',
    to: 'COMPLETED',
    limitWorkingDays: 15,
    overdueMessage: '转入地收到基金后超过{limit}个工作日未办结接续',
  },
  {
    step: 'WHOLE_PROCESS',
    from: 'SUBMITTED',
    to: 'COMPLETED',
    limitWorkingDays: 45,
    overdueMessage: '转移接续自提交起超过{limit}个工作日仍未办结',
  },
];

const FORWARD_PATH: readonly TransferStatus[] = [
  'DRAFT',
  'FORM_GENERATED',
  'AWAITING_SIGNATURE',
  'SIGNED',
  'SUBMITTED',
  'CONTACT_LETTER_SENT',
  'ORIGIN_REVIEWED',
  'FUNDS_TRANSFERRED',
  'COMPLETED',
];

export interface OverdueCheckInput {
  readonly status: TransferStatus;
  /** When the transfer last entered each status (after a resubmission, the latest entry). */
  readonly enteredAt: Readonly<Partial<Record<TransferStatus, IsoDate | undefined>>>;
  readonly today: IsoDate;
}

export interface OverdueReason {
  readonly step: string;
  readonly limit: number;
  readonly elapsed: number;
  readonly message: string;
}

export interface OverdueCheckResult {
  readonly overdue: boolean;
  readonly reasons: OverdueReason[];
}

/**
 * Only steps still waiting count: a step that finished late is history, not something anyone
 * can chase. Off the forward path (REJECTED, CANCELLED, SIGNATURE_EXPIRED) no agency clock runs.
 * A step is overdue once more than `limit` working days have passed after the day it started.
 */
export function overdueCheck(
  input: OverdueCheckInput,
  limits: readonly StepLimit[] = STEP_LIMITS,
): OverdueCheckResult {
  const position = FORWARD_PATH.indexOf(input.status);
  const reasons: OverdueReason[] = [];
  if (position < 0) return { overdue: false, reasons };

  for (const limit of limits) {
    const waiting = FORWARD_PATH.indexOf(limit.from) <= position && position < FORWARD_PATH.indexOf(limit.to);
    const startedAt = input.enteredAt[limit.from];
    if (!waiting || startedAt === undefined) continue;
    const elapsed = workingDaysBetween(startedAt, input.today);
    if (elapsed > limit.limitWorkingDays) {
      reasons.push({
        step: limit.step,
        limit: limit.limitWorkingDays,
        elapsed,
        message: limit.overdueMessage.replace('{limit}', String(limit.limitWorkingDays)),
      });
    }
  }
  return { overdue: reasons.length > 0, reasons };
}

// ---------------------------------------------------------------------------------------------
// Temporary contribution account (临时基本养老保险缴费账户)

/** [R] domain.md §4.4: minimum age in full years. */
export const TEMP_ACCOUNT_MIN_AGE: Readonly<Record<Gender, number>> = { MALE: 50, FEMALE: 40 };

export interface TemporaryAccountInput {
  readonly gender: Gender;
  readonly birthDate: IsoDate;
  readonly transferDate: IsoDate;
  /** 2-digit province codes, e.g. '43'. */
  readonly originProvince: string;
  readonly destinationProvince: string;
  readonly hukouProvince?: string;
}

function assertDate(date: string): void {
  if (!isValidIsoDate(date)) {
    throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
}

function assertProvince(code: string): void {
  if (!isKnownProvince(code)) {
    throw new RangeError(`Unknown province code: ${JSON.stringify(code)}`);
  }
}

/** Age in full years (周岁); someone born on 29 February turns a year older on 1 March. */
function fullYearsOfAge(birthDate: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Advisory flag, for HR to confirm: without a known 户籍地 it cannot rule out a return home,
 * so it answers true whenever the age and cross-province conditions hold.
 */
export function needsTemporaryAccount(input: TemporaryAccountInput): boolean {
  assertDate(input.birthDate);
  assertDate(input.transferDate);
  assertProvince(input.originProvince);
  assertProvince(input.destinationProvince);
  if (input.hukouProvince !== undefined) assertProvince(input.hukouProvince);

  if (input.originProvince === input.destinationProvince) return false;
  if (fullYearsOfAge(input.birthDate, input.transferDate) < TEMP_ACCOUNT_MIN_AGE[input.gender]) return false;
  return input.hukouProvince !== input.destinationProvince;
}

// ---------------------------------------------------------------------------------------------
// Funds

/** [R] domain.md §4.3: pooled fund share transferred, from 1998-01 on, no interest. */
export const POOLED_FUND_RATE = '0.12';
export const POOLED_FUND_START_MONTH: IsoMonth = '1998-01';

const ISO_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const NON_NEGATIVE_DECIMAL_PATTERN = /^\d+(\.\d+)?$/;

function assertIsoMonth(month: string): void {
  if (!ISO_MONTH_PATTERN.test(month)) {
    throw new RangeError(`Not a valid YYYY-MM month: ${JSON.stringify(month)}`);
  }
}

export interface MonthlyBase {
  readonly month: IsoMonth;
  /** Actual contribution base of the month, a non-negative decimal string, e.g. '8000.00'. */
  readonly base: string;
}

/** Pooled fund to transfer: 12% of each month's base from 1998-01, rounded half-up to cents. */
export function pooledFundAmount(monthlyBases: readonly MonthlyBase[]): string {
  const seen = new Set<string>();
  let total = new Decimal(0);
  for (const { month, base } of monthlyBases) {
    assertIsoMonth(month);
    if (!NON_NEGATIVE_DECIMAL_PATTERN.test(base)) {
      throw new RangeError(`Not a non-negative decimal base: ${JSON.stringify(base)}`);
    }
    // A month listed twice would count the same contribution twice.
    if (seen.has(month)) throw new RangeError(`Month listed twice: ${month}`);
    seen.add(month);
    if (month >= POOLED_FUND_START_MONTH) {
      total = total.plus(new Decimal(base).times(POOLED_FUND_RATE));
    }
  }
  return total.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** [R] Individual account share of the base: 11% for 1998–2005, 8% from 2006. */
export function individualAccountRate(month: IsoMonth): string {
  assertIsoMonth(month);
  if (month < '1998-01') {
    throw new RangeError(`No nationally unified individual account rate before 1998-01: ${month}`);
  }
  return month < '2006-01' ? '0.11' : '0.08';
}
