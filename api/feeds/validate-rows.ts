import type { z } from 'zod';
import type { ErrorDetail } from '../errors';
import { ApiError } from '../errors';
import type { RawFeedRow } from './read-feed';

export interface ValidRow<T> {
  line: number;
  data: T;
}

/** Every row through the schema; every problem of every row is kept, with its line. */
export function validateRows<T extends z.ZodType>(rows: RawFeedRow[], schema: T): { valid: ValidRow<z.infer<T>>[]; problems: ErrorDetail[] } {
  const valid: ValidRow<z.infer<T>>[] = [];
  const problems: ErrorDetail[] = [];
  for (const row of rows) {
    const result = schema.safeParse(row.values);
    if (result.success) {
      valid.push({ line: row.line, data: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const params = (issue as { params?: { code?: string } }).params;
      problems.push({ line: row.line, field: issue.path.join('.') || undefined, code: params?.code ?? issue.code.toUpperCase(), message: issue.message });
    }
  }
  return { valid, problems };
}

/** The whole file is refused when one row is wrong: a partial import would leave HR guessing what went in. */
export function refuseIfProblems(problems: ErrorDetail[]): void {
  if (problems.length === 0) return;
  const lines = new Set(problems.map((problem) => problem.line));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ApiError(400, 'FEED_ROWS_INVALID', `共 ${lines.size} 行数据有误,整个文件未导入`, problems);
}
