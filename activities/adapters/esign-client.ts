import { z } from 'zod';
import { createJsonHttp, RemoteCall } from './json-http';

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

export function createEsignClient(options: EsignClientOptions): EsignClient {
  const request = createJsonHttp(options);

  function requestPath(requestId: string, suffix = ''): string {
    if (requestId.trim() === '') throw new TypeError('esign: a signing request id is required');
    return `signing-requests/${encodeURIComponent(requestId)}${suffix}`;
  }

  async function viewOf(operation: typeof GET | typeof CANCEL, requestId: string, suffix: string, method: 'GET' | 'POST') {
    const call = new RemoteCall(SYSTEM, operation);
    const view = await request(call, { path: requestPath(requestId, suffix), method, schema: viewSchema });
    if (view.requestId !== requestId) throw call.malformed('answered for a different signing request than asked', 200);
    return view;
  }

  return {
    async createSigningRequest(input, idempotencyKey) {
      if (idempotencyKey.trim() === '') throw new TypeError('esign: an idempotency key is required');
      return request(new RemoteCall(SYSTEM, CREATE), {
        path: 'signing-requests',
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey },
        body: input,
        okStatuses: [200, 201],
        schema: createdSchema,
      });
    },

    getSigningRequest(requestId) {
      return viewOf(GET, requestId, '', 'GET');
    },

    cancel(requestId) {
      return viewOf(CANCEL, requestId, '/cancel', 'POST');
    },
  };
}
