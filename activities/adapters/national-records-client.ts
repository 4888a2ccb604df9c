import { z } from 'zod';
import { INSURANCE_TYPES, RECORD_STATUSES, type NationalRecord } from '../../domain/national-record';
import { createJsonHttp, RemoteCall } from './json-http';

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

function sameIdNumber(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export function createNationalRecordsClient(options: NationalRecordsClientOptions): NationalRecordsClient {
  const request = createJsonHttp(options);
  return {
    async lookup(idNumber) {
      const call = new RemoteCall(SYSTEM, LOOKUP);
      const answer = await request(call, { path: `records/${encodeURIComponent(idNumber.trim())}`, schema: lookupResponseSchema });
      if (!sameIdNumber(answer.idNumber, idNumber)) throw call.malformed('answered for a different ID number than requested', 200);
      return answer.records;
    },
  };
}
