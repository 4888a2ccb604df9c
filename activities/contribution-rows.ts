import type { Prisma } from '../prisma/client';

// Column arrays through unnest(): one statement per table and batch, whatever the row count, which
// is what lets a 500,000-line month stay within a few times a raw bulk insert.

type Tx = Prisma.TransactionClient;

export interface BaseRow {
  employeeId: string;
  cityCode: string;
  status: 'COMPUTED' | 'SKIPPED';
  reason: string | null;
  rawBase: string | null;
  method: string | null;
  referenceYear: number | null;
  payrollTotal: string;
  payrollMonths: number;
  /** A PostgreSQL array literal of payroll entry ids, e.g. "{12,13}". */
  payrollEntryIds: string;
  share: string;
  fraction: string;
}

export interface LineRow {
  employeeId: string;
  insuranceType: string;
  kind: 'REGULAR' | 'BACK_PAY' | 'REFUND';
  base: string;
  employerAmount: string;
  employeeAmount: string;
  policyVersionId: string;
  adjustmentId: string | null;
}

function columns<T, K extends keyof T>(rows: readonly T[], keys: readonly K[]): T[K][][] {
  return keys.map((key) => rows.map((row) => row[key]));
}

export async function insertBases(tx: Tx, runId: string, rows: readonly BaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "ContributionBase" ("runId", "employeeId", "cityCode", status, reason, "rawBase", method, "referenceYear",
       "payrollTotal", "payrollMonths", "payrollEntryIds", share, fraction)
     SELECT $1, e, c, s, r, b::numeric, m, y, t::numeric, n, ids::bigint[], sh, f::numeric
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::int[],
                 $11::text[], $12::text[], $13::text[]) AS row(e, c, s, r, b, m, y, t, n, ids, sh, f)`,
    runId,
    ...columns(rows, ['employeeId', 'cityCode', 'status', 'reason', 'rawBase', 'method', 'referenceYear', 'payrollTotal', 'payrollMonths', 'payrollEntryIds', 'share', 'fraction'] as const),
  );
}

/** `table` is for the benchmark's raw-insert baseline, which writes the same rows elsewhere. */
export async function insertLines(tx: Tx, runId: string, month: string, rows: readonly LineRow[], table = '"ContributionLine"'): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} ("runId", month, "employeeId", "insuranceType", kind, base, "employerAmount", "employeeAmount",
       "policyVersionId", "adjustmentId")
     SELECT $1, $2, e, t, k, b::numeric, er::numeric, ee::numeric, p, a
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS row(e, t, k, b, er, ee, p, a)`,
    runId,
    month,
    ...columns(rows, ['employeeId', 'insuranceType', 'kind', 'base', 'employerAmount', 'employeeAmount', 'policyVersionId', 'adjustmentId'] as const),
  );
}
