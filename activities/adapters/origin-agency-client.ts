import { z } from 'zod';
import { createJsonHttp, RemoteCall } from './json-http';

export interface OriginAgencyClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export const AGENCY_CASE_STATUSES = [
  'ACCEPTED',
  'CONTACT_LETTER_SENT',
  'ORIGIN_REVIEWED',
  'FUNDS_TRANSFERRED',
  'COMPLETED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type AgencyCaseStatus = (typeof AGENCY_CASE_STATUSES)[number];

/** Codes the agency is known to use; others may appear and are passed through as they are. */
export const AGENCY_REJECTION_CODES = [
  'ID_MISMATCH',
  'ARREARS',
  'RECORD_NOT_FOUND',
  'STILL_ACTIVE',
  'DUPLICATE_ENROLLMENT',
  'INCOMPLETE_FORM',
  'OTHER',
] as const;
// `string & {}` keeps the known codes visible to the editor while accepting new ones.
export type AgencyRejectionCode = (typeof AGENCY_REJECTION_CODES)[number] | (string & {});

export interface TransferSubmission {
  idNumber: string;
  name: string;
  originCityCode: string;
  destinationCityCode: string;
  destinationAgency: string;
  /** Whole months paid at the origin. */
  contributionMonths: number;
  /** Decimal string with at most two decimals, e.g. "8000.00". */
  monthlyBase: string;
  /** SHA-256 of the signed application form, hex. */
  formHash: string;
}

export interface SubmittedCase {
  caseId: string;
  status: AgencyCaseStatus;
}

export interface AgencyCase {
  caseId: string;
  status: AgencyCaseStatus;
  /** Oldest first; `at` is ISO 8601. */
  history: { status: AgencyCaseStatus; at: string }[];
  /** Present when status is REJECTED. */
  rejection?: { code: AgencyRejectionCode; reason: string };
  /** From ORIGIN_REVIEWED on: contribution months the origin hands over. */
  monthsTransferred?: number;
  /** From ORIGIN_REVIEWED on, when some months cannot be transferred. */
  partial?: { monthsNotTransferable: number; reason: string };
  /** From FUNDS_TRANSFERRED on: exact decimal strings with two decimals. */
  funds?: { individualAccount: string; pooledFund: string; currency: 'CNY' };
}

export interface OriginAgencyClient {
  /**
   * Files a transfer case. Retrying with the same idempotency key and the same submission returns
   * the same case; the same key with a different submission is a RemoteRejectedError with status 409.
   */
  submit(request: TransferSubmission, idempotencyKey: string): Promise<SubmittedCase>;
  getCase(caseId: string): Promise<AgencyCase>;
  /** Idempotent; 409 (RemoteRejectedError) once the case is COMPLETED or REJECTED. */
  withdraw(caseId: string): Promise<AgencyCase>;
}

const SYSTEM = 'origin-agency';
const SUBMIT = 'POST /transfers';
const GET_CASE = 'GET /transfers/:caseId';
const WITHDRAW = 'POST /transfers/:caseId/withdraw';

const caseIdSchema = z.string().min(1).max(100);
const statusSchema = z.enum(AGENCY_CASE_STATUSES);
const amountSchema = z.string().regex(/^\d+\.\d{2}$/);
const REACHED_FUNDS: readonly AgencyCaseStatus[] = ['FUNDS_TRANSFERRED', 'COMPLETED'];

const submittedSchema = z.object({ caseId: caseIdSchema, status: statusSchema });

const agencyCaseSchema = z
  .object({
    caseId: caseIdSchema,
    status: statusSchema,
    history: z.array(z.object({ status: statusSchema, at: z.iso.datetime({ offset: true }) })).min(1),
    rejection: z.object({ code: z.string().min(1), reason: z.string() }).optional(),
    monthsTransferred: z.number().int().nonnegative().optional(),
    partial: z.object({ monthsNotTransferable: z.number().int().nonnegative(), reason: z.string() }).optional(),
    funds: z.object({ individualAccount: amountSchema, pooledFund: amountSchema, currency: z.literal('CNY') }).optional(),
  })
  .superRefine((found, ctx) => {
    if (found.history[found.history.length - 1]?.status !== found.status) {
      ctx.addIssue({ code: 'custom', path: ['history'], message: 'last history entry differs from status' });
    }
    if (found.status === 'REJECTED' && found.rejection === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rejection'], message: 'missing for a rejected case' });
    }
    if (REACHED_FUNDS.includes(found.status) && found.funds === undefined) {
      ctx.addIssue({ code: 'custom', path: ['funds'], message: 'missing once funds are transferred' });
    }
  });

export function createOriginAgencyClient(options: OriginAgencyClientOptions): OriginAgencyClient {
  const request = createJsonHttp(options);

  async function caseRequest(call: RemoteCall, caseId: string, method: 'GET' | 'POST', suffix: string): Promise<AgencyCase> {
    const found = await request(call, { path: `transfers/${encodeURIComponent(caseId)}${suffix}`, method, schema: agencyCaseSchema });
    if (found.caseId !== caseId) throw call.malformed('answered about a different case than requested', 200);
    return found;
  }

  return {
    async submit(submission, idempotencyKey) {
      const call = new RemoteCall(SYSTEM, SUBMIT);
      // Checked here: Node trims header values, so a blank key would reach the agency as none at all.
      if (idempotencyKey.trim() === '') throw call.rejected('needs a non-empty idempotency key');
      return request(call, {
        path: 'transfers',
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: submission,
        okStatuses: [200, 201],
        schema: submittedSchema,
      });
    },

    getCase(caseId) {
      return caseRequest(new RemoteCall(SYSTEM, GET_CASE), caseId, 'GET', '');
    },

    withdraw(caseId) {
      return caseRequest(new RemoteCall(SYSTEM, WITHDRAW), caseId, 'POST', '/withdraw');
    },
  };
}
