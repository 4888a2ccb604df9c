import type { RequestHandler } from 'express';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Fields that may hold personal data or secrets, wherever they appear in a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNumber',
  '*.submittedIdNumber',
  '*.name',
  '*.submittedName',
  '*.password',
  '*.accessToken',
  '*.monthlyGrossWage',
  '*.grossPay',
  '*.netPay',
];

export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[已隐去]' } };
  return destination ? pino(options, destination) : pino(options);
}

/** One JSON line per request: the request id, the route template, status and time; never a body. */
export function httpLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => String((res as unknown as { locals: { requestId?: string } }).locals.requestId ?? ''),
    customProps: (_req, res) => ({ route: (res as unknown as { locals: { route?: { path: string } } }).locals.route?.path ?? 'unmatched' }),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
