import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';

export interface ErrorDetail {
  /** For feeds: the CSV file line (header = 1) or the 1-based position in a JSON `rows` array. */
  line?: number;
  field?: string;
  code: string;
  message: string;
}

/** An answer we mean to give: a stable code, a Chinese message, and every problem found. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what}不存在`);

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'ROUTE_NOT_FOUND', `接口不存在:${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

export function createErrorHandler(logError: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    let apiError: ApiError;
    const parserError = error as BodyParserError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof WorkflowNotFoundError) apiError = new ApiError(404, 'NOT_FOUND', '流程不存在');
    else if (parserError.type === 'entity.parse.failed') apiError = new ApiError(400, 'INVALID_JSON', '请求体不是合法的 JSON');
    else if (parserError.type === 'entity.too.large') apiError = new ApiError(413, 'BODY_TOO_LARGE', '请求体过大');
    else if (parserError.type && parserError.status && parserError.status < 500) {
      apiError = new ApiError(parserError.status, 'INVALID_BODY', '请求体无法解析');
    } else {
      logError(error);
      apiError = new ApiError(500, 'INTERNAL', '服务器内部错误');
    }
    res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message, details: apiError.details } });
  };
}
