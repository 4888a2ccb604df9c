import { createHmac } from 'node:crypto';
import {
  DEFAULT_ESIGN_TOLERANCE_SECONDS,
  signEsignPayload,
  verifyEsignSignature,
  type VerifyEsignSignatureInput,
} from '../../api/webhooks/esign-signature';

const SECRET = 'test-esign-secret-0123456789';
const NOW = 1_795_000_000;
const BODY = JSON.stringify({ eventId: 'e1', type: 'signing.completed', requestId: 'r1', externalRef: '转移-1' });

/** Computed here, independently of the module, so a wrong scheme cannot pass by sharing its bug. */
function expectedSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function input(overrides: Partial<VerifyEsignSignatureInput> = {}): VerifyEsignSignatureInput {
  return {
    secret: SECRET,
    rawBody: BODY,
    timestampHeader: String(NOW),
    signatureHeader: expectedSignature(SECRET, NOW, BODY),
    nowSeconds: NOW,
    ...overrides,
  };
}

describe('signEsignPayload', () => {
  it('is v1= followed by the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    expect(signEsignPayload(SECRET, NOW, BODY)).toBe(expectedSignature(SECRET, NOW, BODY));
    expect(signEsignPayload(SECRET, String(NOW), Buffer.from(BODY, 'utf8'))).toBe(expectedSignature(SECRET, NOW, BODY));
    expect(signEsignPayload(SECRET, NOW, BODY)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('depends on the secret, the timestamp and the body', () => {
    const base = signEsignPayload(SECRET, NOW, BODY);
    expect(signEsignPayload(`${SECRET}x`, NOW, BODY)).not.toBe(base);
    expect(signEsignPayload(SECRET, NOW + 1, BODY)).not.toBe(base);
    expect(signEsignPayload(SECRET, NOW, `${BODY} `)).not.toBe(base);
  });

  it('refuses an empty secret', () => {
    expect(() => signEsignPayload('', NOW, BODY)).toThrow(/secret/);
  });
});

describe('verifyEsignSignature', () => {
  it('accepts a valid signature, for a string or a Buffer body', () => {
    expect(verifyEsignSignature(input())).toEqual({ ok: true });
    expect(verifyEsignSignature(input({ rawBody: Buffer.from(BODY, 'utf8') }))).toEqual({ ok: true });
  });

  it('accepts what signEsignPayload produces (the simulator side)', () => {
    expect(verifyEsignSignature(input({ signatureHeader: signEsignPayload(SECRET, NOW, BODY) }))).toEqual({ ok: true });
  });

  it('accepts timestamps up to the tolerance away, either way', () => {
    const tolerance = DEFAULT_ESIGN_TOLERANCE_SECONDS;
    expect(tolerance).toBe(300);
    for (const timestamp of [NOW - tolerance, NOW + tolerance]) {
      const signed = input({ timestampHeader: String(timestamp), signatureHeader: expectedSignature(SECRET, timestamp, BODY) });
      expect(verifyEsignSignature(signed)).toEqual({ ok: true });
    }
  });

  it('rejects a signature made with another secret', () => {
    const forged = input({ signatureHeader: expectedSignature('another-secret', NOW, BODY) });
    expect(verifyEsignSignature(forged)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a tampered body, even by one byte', () => {
    const tampered = BODY.replace('"r1"', '"r2"');
    expect(tampered).not.toBe(BODY);
    expect(verifyEsignSignature(input({ rawBody: tampered }))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyEsignSignature(input({ rawBody: `${BODY}\n` }))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a signature bound to another timestamp (the header swapped after signing)', () => {
    const swapped = input({ timestampHeader: String(NOW - 1) });
    expect(verifyEsignSignature(swapped)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('rejects a genuinely signed delivery older than the tolerance as STALE_TIMESTAMP', () => {
    const old = NOW - 301;
    const stale = input({ timestampHeader: String(old), signatureHeader: expectedSignature(SECRET, old, BODY) });
    expect(verifyEsignSignature(stale)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  });

  it('rejects a timestamp further ahead than the tolerance as STALE_TIMESTAMP', () => {
    const future = NOW + 301;
    const ahead = input({ timestampHeader: String(future), signatureHeader: expectedSignature(SECRET, future, BODY) });
    expect(verifyEsignSignature(ahead)).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  });

  it('honours a custom tolerance', () => {
    const old = NOW - 60;
    const signed = input({ timestampHeader: String(old), signatureHeader: expectedSignature(SECRET, old, BODY) });
    expect(verifyEsignSignature({ ...signed, toleranceSeconds: 59 })).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(verifyEsignSignature({ ...signed, toleranceSeconds: 60 })).toEqual({ ok: true });
  });

  it.each([
    ['no timestamp header', { timestampHeader: undefined }],
    ['no signature header', { signatureHeader: undefined }],
    ['an empty timestamp header', { timestampHeader: '' }],
    ['a blank signature header', { signatureHeader: '   ' }],
    ['null headers', { timestampHeader: null, signatureHeader: null }],
    ['an empty header array', { signatureHeader: [] }],
  ] as const)('answers MISSING_HEADERS for %s', (_case, overrides) => {
    expect(verifyEsignSignature(input(overrides))).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
  });

  it.each(['abc', '-1795000000', '1795000000.5', '1e9', '0x6afb2c00', '1795000000,1795000001', '1234567890123'])(
    'answers BAD_TIMESTAMP for the timestamp header %j',
    (timestampHeader) => {
      expect(verifyEsignSignature(input({ timestampHeader }))).toEqual({ ok: false, reason: 'BAD_TIMESTAMP' });
    },
  );

  it.each([
    ['the bare digest without v1=', (sig: string) => sig.slice(3)],
    ['another scheme', (sig: string) => sig.replace('v1=', 'v0=')],
    ['a truncated digest', (sig: string) => sig.slice(0, -2)],
    ['an over-long digest', (sig: string) => `${sig}00`],
    ['non-hex characters', (sig: string) => `${sig.slice(0, -1)}g`],
    ['garbage', () => 'not a signature'],
    ['an empty v1 entry', () => 'v1='],
  ])('answers BAD_SIGNATURE for a malformed signature header: %s', (_case, mangle) => {
    const header = mangle(expectedSignature(SECRET, NOW, BODY));
    expect(verifyEsignSignature(input({ signatureHeader: header }))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('accepts one matching v1 entry among several (secret rotation) and upper-case hex', () => {
    const good = expectedSignature(SECRET, NOW, BODY);
    const old = expectedSignature('old-secret', NOW, BODY);
    expect(verifyEsignSignature(input({ signatureHeader: `${old}, ${good}` }))).toEqual({ ok: true });
    expect(verifyEsignSignature(input({ signatureHeader: `v1=${good.slice(3).toUpperCase()}` }))).toEqual({ ok: true });
    expect(verifyEsignSignature(input({ signatureHeader: [good] }))).toEqual({ ok: true });
  });

  it('checks the signature before freshness, so a forged old delivery is BAD_SIGNATURE, not STALE_TIMESTAMP', () => {
    const old = NOW - 10_000;
    const forged = input({ timestampHeader: String(old), signatureHeader: expectedSignature('wrong', old, BODY) });
    expect(verifyEsignSignature(forged)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('refuses to verify with an empty secret or a negative tolerance (configuration bugs)', () => {
    expect(() => verifyEsignSignature(input({ secret: '' }))).toThrow(/secret/);
    expect(() => verifyEsignSignature(input({ toleranceSeconds: -1 }))).toThrow(RangeError);
  });
});
