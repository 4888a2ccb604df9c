import { z } from 'zod';
import {
  describeTransportFailure,
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from './errors';

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

/** Only codes and field paths of an error body reach a message: values may be personal data. */
const errorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
    details: z.array(z.object({ path: z.string() })).optional(),
  }),
});
const SAFE_PATH = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

class Call {
  constructor(readonly operation: string) {}

  unavailable(message: string, status?: number): RemoteUnavailableError {
    return new RemoteUnavailableError({ system: SYSTEM, message: `${SYSTEM}: ${this.operation} ${message}`, status });
  }

  malformed(message: string, status?: number): RemoteMalformedResponseError {
    return new RemoteMalformedResponseError({ system: SYSTEM, message: `${SYSTEM}: ${this.operation} ${message}`, status });
  }

  rejected(message: string, status?: number): RemoteRejectedError {
    return new RemoteRejectedError({ system: SYSTEM, message: `${SYSTEM}: ${this.operation} ${message}`, status });
  }
}

/** "(VALIDATION_FAILED at formHash, monthlyBase)" from an error body, or '' when it has none we trust. */
function describeErrorBody(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return '';
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return '';
  const paths = [...new Set((parsed.data.error.details ?? []).map((detail) => detail.path).filter((path) => SAFE_PATH.test(path)))];
  return paths.length === 0 ? ` (${parsed.data.error.code})` : ` (${parsed.data.error.code} at ${paths.join(', ')})`;
}

function errorForStatus(call: Call, status: number, text: string): Error {
  const message = `answered HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) return call.unavailable(message, status);
  if (status >= 400) return call.rejected(`${message}${describeErrorBody(text)}`, status);
  return call.malformed(`${message}, expected 2xx`, status);
}

export function createOriginAgencyClient(options: OriginAgencyClientOptions): OriginAgencyClient {
  const { timeoutMs, fetchImpl = fetch } = options;
  // A base without a trailing slash would lose its last path segment when resolving 'transfers/…'.
  const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  async function send<T>(
    call: Call,
    path: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
    okStatuses: readonly number[],
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = new URL(path, baseUrl);
    const signal = AbortSignal.timeout(timeoutMs);

    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, headers: { accept: 'application/json', ...init.headers }, signal });
    } catch (err) {
      throw call.unavailable(describeTransportFailure(err, timeoutMs));
    }

    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw call.unavailable(`body ${describeTransportFailure(err, timeoutMs)}`, response.status);
    }

    if (!okStatuses.includes(response.status)) throw errorForStatus(call, response.status, text);

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw call.malformed('answered a body that is not JSON', response.status);
    }

    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
      throw call.malformed(`answered a body that does not match the contract at ${paths.join(', ')}`, response.status);
    }
    return parsed.data;
  }

  async function caseRequest(call: Call, caseId: string, method: 'GET' | 'POST', suffix: string): Promise<AgencyCase> {
    const found = await send(call, `transfers/${encodeURIComponent(caseId)}${suffix}`, { method }, [200], agencyCaseSchema);
    if (found.caseId !== caseId) throw call.malformed('answered about a different case than requested', 200);
    return found;
  }

  return {
    async submit(request, idempotencyKey) {
      const call = new Call(SUBMIT);
      // Checked here: Node trims header values, so a blank key would reach the agency as none at all.
      if (idempotencyKey.trim() === '') throw call.rejected('needs a non-empty idempotency key');
      return send(
        call,
        'transfers',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(request),
        },
        [200, 201],
        submittedSchema,
      );
    },

    getCase(caseId) {
      return caseRequest(new Call(GET_CASE), caseId, 'GET', '');
    },

    withdraw(caseId) {
      return caseRequest(new Call(WITHDRAW), caseId, 'POST', '/withdraw');
    },
  };
}
