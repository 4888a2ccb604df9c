import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import pino from 'pino';

let installed = false;

/** JSON lines, like the API's; the SDK's own metadata (workflow and activity ids) goes along. */
function jsonLogger(level: 'WARN' | 'INFO') {
  const log = pino({ name: 'shebao-worker', level: level.toLowerCase() });
  return new DefaultLogger(level, (entry: LogEntry) => {
    const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : entry.level === 'INFO' ? 'info' : 'debug';
    log[method](entry.meta ?? {}, entry.message);
  });
}

/**
 * The Temporal Runtime may be installed once per process. With `metricsAddress`, the SDK serves
 * its Prometheus metrics there (workflow and activity completions, failures and latencies by type).
 */
export function installRuntime(level: 'WARN' | 'INFO' = 'WARN', options: { metricsAddress?: string; json?: boolean } = {}): void {
  if (installed) return;
  Runtime.install({
    logger: options.json ? jsonLogger(level) : new DefaultLogger(level),
    ...(options.metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.metricsAddress } } } } : {}),
  });
  installed = true;
}
