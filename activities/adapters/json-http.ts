import type { z } from 'zod';
import { describeTransportFailure, RemoteMalformedResponseError, RemoteRejectedError, RemoteUnavailableError } from './errors';

// JSON over HTTP to a remote system, with every failure typed by what the caller should do about it
// (see errors.ts). Messages name the system, the operation's path template and codes only: request
// values, and error bodies beyond their code and field paths, may be personal data.

/** One operation of one remote system, e.g. `origin-agency` / `POST /transfers`: builds its errors. */
export class RemoteCall {
  constructor(
    readonly system: string,
    readonly operation: string,
  ) {}

  private text(message: string): string {
    return `${this.system}: ${this.operation} ${message}`;
  }

  unavailable(message: string, status?: number): RemoteUnavailableError {
    return new RemoteUnavailableError({ system: this.system, message: this.text(message), status });
  }

  malformed(message: string, status?: number): RemoteMalformedResponseError {
    return new RemoteMalformedResponseError({ system: this.system, message: this.text(message), status });
  }

  rejected(message: string, status?: number): RemoteRejectedError {
    return new RemoteRejectedError({ system: this.system, message: this.text(message), status });
  }
}

export interface JsonRequest<T> {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  okStatuses?: readonly number[];
  schema: z.ZodType<T>;
}

const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const SAFE_PATH = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** "(VALIDATION_FAILED at formHash, monthlyBase)" from a simulator-style error body, or ''. */
function describeErrorBody(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return '';
  }
  const error = (json as { error?: { code?: unknown; details?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || !SAFE_CODE.test(error.code)) return '';
  const details = Array.isArray(error.details) ? error.details : [];
  const paths = [
    ...new Set(
      details
        .map((detail) => (detail as { path?: unknown; field?: unknown }).path ?? (detail as { field?: unknown }).field)
        .filter((path): path is string => typeof path === 'string' && SAFE_PATH.test(path)),
    ),
  ];
  return paths.length === 0 ? ` (${error.code})` : ` (${error.code} at ${paths.join(', ')})`;
}

export function createJsonHttp(options: { baseUrl: string; timeoutMs: number; fetchImpl?: typeof fetch }) {
  const { timeoutMs, fetchImpl = fetch } = options;
  // A base without a trailing slash would lose its last path segment when resolving relative paths.
  const baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);

  return async function request<T>(call: RemoteCall, spec: JsonRequest<T>): Promise<T> {
    const okStatuses = spec.okStatuses ?? [200];
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetchImpl(new URL(spec.path, baseUrl), {
        method: spec.method ?? 'GET',
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw call.unavailable(describeTransportFailure(err, timeoutMs));
    }

    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw call.unavailable(`body ${describeTransportFailure(err, timeoutMs)}`, response.status);
    }

    const status = response.status;
    if (!okStatuses.includes(status)) {
      const message = `answered HTTP ${status}`;
      if (status >= 500 || status === 408 || status === 429) throw call.unavailable(message, status);
      if (status >= 400) throw call.rejected(`${message}${describeErrorBody(text)}`, status);
      throw call.malformed(`${message}, expected ${okStatuses.join(' or ')}`, status);
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw call.malformed('answered a body that is not JSON', status);
    }
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      const paths = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
      throw call.malformed(`answered a body that does not match the contract at ${paths.join(', ')}`, status);
    }
    return parsed.data;
  };
}
