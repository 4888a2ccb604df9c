import { z } from 'zod';
import { INSURANCE_TYPES, RECORD_STATUSES, type NationalRecord } from '../../domain/national-record';
import {
  describeTransportFailure,
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from './errors';

export interface NationalRecordsClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export interface NationalRecordsClient {
  /** Every record the national platform holds for the person; [] for someone never insured. */
  lookup(idNumber: string): Promise<NationalRecord[]>;
}

const SYSTEM = 'national-records';
const LOOKUP = 'GET /records/:idNumber';

const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

const nationalRecordSchema: z.ZodType<NationalRecord> = z.object({
  cityCode: z.string().regex(/^\d{6}$/),
  cityName: z.string(),
  insuranceType: z.enum(INSURANCE_TYPES),
  status: z.enum(RECORD_STATUSES),
  firstMonth: monthSchema,
  lastMonth: monthSchema.nullable(),
  monthsPaid: z.number().int().nonnegative(),
  employer: z.string(),
});

const lookupResponseSchema = z.object({
  idNumber: z.string(),
  records: z.array(nationalRecordSchema),
});

function unavailable(message: string, status?: number): RemoteUnavailableError {
  return new RemoteUnavailableError({ system: SYSTEM, message: `${SYSTEM}: ${LOOKUP} ${message}`, status });
}

function malformed(message: string, status?: number): RemoteMalformedResponseError {
  return new RemoteMalformedResponseError({ system: SYSTEM, message: `${SYSTEM}: ${LOOKUP} ${message}`, status });
}

function errorForStatus(status: number): Error {
  const message = `answered HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) return unavailable(message, status);
  if (status >= 400) return new RemoteRejectedError({ system: SYSTEM, message: `${SYSTEM}: ${LOOKUP} ${message}`, status });
  return malformed(`${message}, expected 200`, status);
}

function sameIdNumber(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export function createNationalRecordsClient(options: NationalRecordsClientOptions): NationalRecordsClient {
  const { timeoutMs, fetchImpl = fetch } = options;
  // A base without a trailing slash would lose its last path segment when resolving 'records/…'.
  const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  return {
    async lookup(idNumber) {
      const url = new URL(`records/${encodeURIComponent(idNumber.trim())}`, baseUrl);
      const signal = AbortSignal.timeout(timeoutMs);

      let response: Response;
      try {
        response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal });
      } catch (err) {
        throw unavailable(describeTransportFailure(err, timeoutMs));
      }

      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw errorForStatus(response.status);
      }

      let text: string;
      try {
        text = await response.text();
      } catch (err) {
        throw unavailable(`body ${describeTransportFailure(err, timeoutMs)}`, response.status);
      }

      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw malformed('answered a body that is not JSON', response.status);
      }

      const parsed = lookupResponseSchema.safeParse(json);
      if (!parsed.success) {
        const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
        throw malformed(`answered a body that does not match the contract at ${paths.join(', ')}`, response.status);
      }
      if (!sameIdNumber(parsed.data.idNumber, idNumber)) {
        throw malformed('answered for a different ID number than requested', response.status);
      }
      return parsed.data.records;
    },
  };
}
