import { z } from 'zod';
import {
  describeTransportFailure,
  RemoteMalformedResponseError,
  RemoteRejectedError,
  RemoteUnavailableError,
} from './errors';

export interface EsignClientOptions {
  baseUrl: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export const SIGNING_STATUSES = ['PENDING', 'SIGNED', 'CANCELLED', 'EXPIRED'] as const;
export type SigningStatus = (typeof SIGNING_STATUSES)[number];

export interface CreateSigningRequestInput {
  /** SHA-256 of the document, 64 hex digits. */
  documentHash: string;
  documentTitle: string;
  signer: { name: string; phone?: string };
  /** Where the provider posts `signing.completed`. */
  callbackUrl: string;
  /** Our reference, echoed back in the webhook. */
  externalRef: string;
}

export interface SigningRequestCreated {
  requestId: string;
  /** PENDING when new; a replayed create (same Idempotency-Key and body) shows the current status. */
  status: SigningStatus;
  signingUrl: string;
}

export interface SigningRequestView {
  requestId: string;
  status: SigningStatus;
  documentHash: string;
  externalRef: string;
  signedAt?: string;
}

export interface EsignClient {
  /**
   * Creates a signing request, or returns the one this idempotency key already made.
   * The same key with another body is a RemoteRejectedError with status 409.
   */
  createSigningRequest(input: CreateSigningRequestInput, idempotencyKey: string): Promise<SigningRequestCreated>;
  getSigningRequest(requestId: string): Promise<SigningRequestView>;
  /** Withdraws a request; already signed or expired answers RemoteRejectedError with status 409. */
  cancel(requestId: string): Promise<SigningRequestView>;
}

const SYSTEM = 'esign';
const CREATE = 'POST /signing-requests';
const GET = 'GET /signing-requests/:id';
const CANCEL = 'POST /signing-requests/:id/cancel';

const statusSchema = z.enum(SIGNING_STATUSES);

const createdSchema = z.object({
  requestId: z.string().min(1),
  status: statusSchema,
  signingUrl: z.url(),
});

const viewSchema = z.object({
  requestId: z.string().min(1),
  status: statusSchema,
  documentHash: z.string().regex(/^[0-9a-f]{64}$/i),
  externalRef: z.string(),
  signedAt: z.iso.datetime({ offset: true }).optional(),
});

type Operation = typeof CREATE | typeof GET | typeof CANCEL;

function unavailable(operation: Operation, message: string, status?: number): RemoteUnavailableError {
  return new RemoteUnavailableError({ system: SYSTEM, message: `${SYSTEM}: ${operation} ${message}`, status });
}

function malformed(operation: Operation, message: string, status?: number): RemoteMalformedResponseError {
  return new RemoteMalformedResponseError({ system: SYSTEM, message: `${SYSTEM}: ${operation} ${message}`, status });
}

function errorForStatus(operation: Operation, status: number, expected: readonly number[]): Error {
  const message = `answered HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) return unavailable(operation, message, status);
  if (status >= 400) return new RemoteRejectedError({ system: SYSTEM, message: `${SYSTEM}: ${operation} ${message}`, status });
  return malformed(operation, `${message}, expected ${expected.join(' or ')}`, status);
}

export function createEsignClient(options: EsignClientOptions): EsignClient {
  const { timeoutMs, fetchImpl = fetch } = options;
  // A base without a trailing slash would lose its last path segment when resolving 'signing-requests/…'.
  const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  async function call<T>(
    operation: Operation,
    path: string,
    init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
    expected: readonly number[],
    schema: z.ZodType<T>,
  ): Promise<T> {
    const url = new URL(path, baseUrl);
    const signal = AbortSignal.timeout(timeoutMs);

    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, headers: { accept: 'application/json', ...init.headers }, signal });
    } catch (err) {
      throw unavailable(operation, describeTransportFailure(err, timeoutMs));
    }

    if (!expected.includes(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      throw errorForStatus(operation, response.status, expected);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw unavailable(operation, `body ${describeTransportFailure(err, timeoutMs)}`, response.status);
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed(operation, 'answered a body that is not JSON', response.status);
    }

    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
      throw malformed(operation, `answered a body that does not match the contract at ${paths.join(', ')}`, response.status);
    }
    return parsed.data;
  }

  function requestPath(requestId: string, suffix = ''): string {
    if (requestId.trim() === '') throw new TypeError('esign: a signing request id is required');
    return `signing-requests/${encodeURIComponent(requestId)}${suffix}`;
  }

  async function viewOf(operation: typeof GET | typeof CANCEL, requestId: string, suffix: string, method: 'GET' | 'POST') {
    const view = await call(operation, requestPath(requestId, suffix), { method }, [200], viewSchema);
    if (view.requestId !== requestId) throw malformed(operation, 'answered for a different signing request than asked', 200);
    return view;
  }

  return {
    async createSigningRequest(input, idempotencyKey) {
      if (idempotencyKey.trim() === '') throw new TypeError('esign: an idempotency key is required');
      const created = await call(
        CREATE,
        'signing-requests',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(input),
        },
        [200, 201],
        createdSchema,
      );
      return created;
    },

    getSigningRequest(requestId) {
      return viewOf(GET, requestId, '', 'GET');
    },

    cancel(requestId) {
      return viewOf(CANCEL, requestId, '/cancel', 'POST');
    },
  };
}
