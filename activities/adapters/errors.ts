/**
 * Failures of remote systems, typed by what the caller should do about them.
 * Messages name the system, the status and the path template only: request values such as
 * ID numbers are personal data and must not reach logs or workflow histories.
 */

export interface RemoteErrorOptions {
  system: string;
  message: string;
  status?: number;
}

export abstract class RemoteSystemError extends Error {
  readonly system: string;
  /** HTTP status, when the remote answered at all. */
  readonly status: number | undefined;

  constructor({ system, message, status }: RemoteErrorOptions) {
    super(message);
    this.system = system;
    this.status = status;
  }
}

/** 5xx (also 408 and 429), network failure or timeout: transient, the caller retries. */
export class RemoteUnavailableError extends RemoteSystemError {
  override readonly name = 'RemoteUnavailableError';
}

/**
 * The remote answered, but not with what its contract promises (not JSON, wrong shape, another
 * person's data). Never to be read as "no records". Often a gateway glitch, so a few retries are
 * reasonable; if it persists a human has to look.
 */
export class RemoteMalformedResponseError extends RemoteSystemError {
  override readonly name = 'RemoteMalformedResponseError';
}

/** 4xx: the request itself is wrong; sending it again will fail the same way. */
export class RemoteRejectedError extends RemoteSystemError {
  override readonly name = 'RemoteRejectedError';
}

/**
 * Describes a failed request without its message: fetch errors can embed the URL or the body,
 * and both can hold personal data. Names and codes (TimeoutError, ECONNREFUSED) are enough to act on.
 */
export function describeTransportFailure(err: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's DOMException and undici errors may come from another realm than this module's Error.
  const fields = typeof err === 'object' && err !== null ? (err as { name?: unknown; cause?: unknown }) : {};
  const name = typeof fields.name === 'string' ? fields.name : typeof err;
  if (name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = typeof fields.cause === 'object' && fields.cause !== null ? (fields.cause as { code?: unknown }) : {};
  return typeof cause.code === 'string' ? `failed: ${name} (${cause.code})` : `failed: ${name}`;
}
