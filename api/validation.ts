import type { z } from 'zod';
import { ApiError, type ErrorDetail } from './errors';

/** Parses or throws a 400 that lists every bad field, so a client can fix them all at once. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, code = 'VALIDATION_FAILED'): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => {
    const params = (issue as { params?: { code?: string } }).params;
    return {
      field: issue.path.join('.') || undefined,
      code: params?.code ?? issue.code.toUpperCase(),
      message: issue.message,
    };
  });
  throw new ApiError(400, code, '请求参数有误', details);
}
