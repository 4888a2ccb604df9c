import type { Request } from 'express';
import { parse } from 'csv-parse/sync';
import { ApiError } from '../errors';

/** A row as it arrived, with where it was: the file line for CSV (the header is line 1), the position in `rows` for JSON. */
export interface RawFeedRow {
  line: number;
  values: Record<string, unknown>;
}

export interface RawFeed {
  format: 'CSV' | 'JSON';
  fileName: string | null;
  rows: RawFeedRow[];
}

export const MAX_FEED_ROWS = 200_000;

/** Header names HR files use, in English or Chinese, mapped to our field names. */
export type HeaderAliases = Record<string, readonly string[]>;

function canonicalHeader(aliases: HeaderAliases): (header: string) => string {
  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) {
    for (const name of [field, ...names]) lookup.set(name.trim().toLowerCase(), field);
  }
  return (header) => lookup.get(header.trim().toLowerCase()) ?? header.trim();
}

function readCsv(text: string, aliases: HeaderAliases): RawFeedRow[] {
  const toField = canonicalHeader(aliases);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (headers: string[]) => headers.map(toField),
      info: true,
      skip_empty_lines: true,
      trim: true,
    }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ApiError(400, 'FEED_MALFORMED', 'CSV 文件格式有误,未导入任何数据', [
      { line, code: 'CSV_SYNTAX', message: `第 ${line ?? '?'} 行:${(error as Error).message}` },
    ]);
  }
  return records.map(({ record, info }) => ({ line: info.lines, values: record }));
}

function readJson(body: unknown): RawFeedRow[] {
  const rows = (body as { rows?: unknown } | undefined)?.rows;
  if (!Array.isArray(rows)) {
    throw new ApiError(400, 'FEED_MALFORMED', '请求体应为 { "rows": [...] } 或 CSV 文件', [{ field: 'rows', code: 'REQUIRED', message: '缺少 rows 数组' }]);
  }
  return rows.map((values: unknown, index) => ({
    line: index + 1,
    values: typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : { __notObject: values },
  }));
}

/** The rows of a JSON body or a CSV upload (text/csv), before any validation. */
export function readFeed(req: Request, aliases: HeaderAliases): RawFeed {
  const isCsv = req.is(['text/csv', 'text/plain']) !== false && typeof req.body === 'string';
  const rows = isCsv ? readCsv(req.body as string, aliases) : readJson(req.body);
  if (rows.length === 0) throw new ApiError(400, 'FEED_EMPTY', '文件中没有数据行');
  if (rows.length > MAX_FEED_ROWS) throw new ApiError(413, 'FEED_TOO_LARGE', `单个文件最多 ${MAX_FEED_ROWS} 行,请拆分后上传`);
  const fileName = req.get('x-file-name') ?? null;
  return { format: isCsv ? 'CSV' : 'JSON', fileName: fileName ? decodeURIComponent(fileName).slice(0, 200) : null, rows };
}
