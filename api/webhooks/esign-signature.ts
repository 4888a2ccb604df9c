import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures of the e-signature provider (电子签名服务), shared by the API that verifies
 * them and the simulator that produces them, so both sides agree byte for byte.
 *
 * Scheme: `X-Esign-Timestamp: <unix seconds>` and
 * `X-Esign-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 * The header may carry several comma-separated entries (`v1=…,v1=…`, as during a secret
 * rotation); one matching v1 entry is enough. Entries of other schemes are ignored.
 */

export const ESIGN_TIMESTAMP_HEADER = 'X-Esign-Timestamp';
export const ESIGN_SIGNATURE_HEADER = 'X-Esign-Signature';
export const ESIGN_SIGNATURE_SCHEME = 'v1';
export const DEFAULT_ESIGN_TOLERANCE_SECONDS = 300;

/** For local simulators and tests only; a deployed API must be given its own secret. */
export const DEV_ESIGN_WEBHOOK_SECRET = 'shebao-flow-development-esign-secret-change-me';

export type EsignVerificationFailure = 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE';
export type EsignVerificationResult = { ok: true } | { ok: false; reason: EsignVerificationFailure };

/** What Node gives for a header: undefined when absent, an array when repeated. */
export type HeaderValue = string | readonly string[] | null | undefined;

export interface VerifyEsignSignatureInput {
  secret: string;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: Buffer | string;
  timestampHeader: HeaderValue;
  signatureHeader: HeaderValue;
  /** The verifier's clock, in unix seconds (fractions allowed). */
  nowSeconds: number;
  /** Largest accepted distance between the timestamp and now, either way. */
  toleranceSeconds?: number;
}

const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const V1_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

function requireSecret(secret: string): void {
  // An empty key would make every signature forgeable; that is a configuration bug, not a bad request.
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('esign webhook secret must not be empty');
}

function hmacHex(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

/** The value of X-Esign-Signature for this timestamp and body: `v1=<64 hex digits>`. */
export function signEsignPayload(secret: string, timestamp: number | string, rawBody: Buffer | string): string {
  requireSecret(secret);
  return `${ESIGN_SIGNATURE_SCHEME}=${hmacHex(secret, String(timestamp), rawBody)}`;
}

/** A single header value; a repeated header counts as one value only if every copy is the same. */
function singleValue(header: HeaderValue): string | undefined {
  if (header === null || header === undefined) return undefined;
  if (typeof header === 'string') return header.trim() === '' ? undefined : header.trim();
  const values = [...new Set(header.map((value) => value.trim()).filter((value) => value !== ''))];
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values.join(',');
}

function v1Digests(header: string): Buffer[] {
  const digests: Buffer[] = [];
  for (const entry of header.split(',')) {
    const separator = entry.indexOf('=');
    if (separator < 0) continue;
    if (entry.slice(0, separator).trim() !== ESIGN_SIGNATURE_SCHEME) continue;
    const digest = entry.slice(separator + 1).trim().toLowerCase();
    if (V1_DIGEST_PATTERN.test(digest)) digests.push(Buffer.from(digest, 'hex'));
  }
  return digests;
}

/**
 * Checks a delivery in this order: both headers present, the timestamp well formed, the signature
 * authentic, then the timestamp fresh. A stale result therefore means "genuine but too old or too
 * far ahead" (a replay or a skewed clock), never a forgery. Digests are compared in constant time.
 */
export function verifyEsignSignature(input: VerifyEsignSignatureInput): EsignVerificationResult {
  const { secret, rawBody, nowSeconds, toleranceSeconds = DEFAULT_ESIGN_TOLERANCE_SECONDS } = input;
  requireSecret(secret);
  if (!Number.isFinite(nowSeconds)) throw new RangeError('nowSeconds must be a finite number');
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError('toleranceSeconds must be a finite number of seconds, 0 or more');
  }

  const timestamp = singleValue(input.timestampHeader);
  const signature = singleValue(input.signatureHeader);
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'MISSING_HEADERS' };
  if (!TIMESTAMP_PATTERN.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP' };

  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  // Every candidate is compared, so the time taken does not depend on which one matched.
  let matched = false;
  for (const candidate of v1Digests(signature)) {
    if (timingSafeEqual(candidate, expected)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'BAD_SIGNATURE' };

  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'STALE_TIMESTAMP' };
  return { ok: true };
}
