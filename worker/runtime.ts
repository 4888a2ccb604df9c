import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/** The Temporal Runtime may be installed once per process. */
export function installRuntime(level: 'WARN' | 'INFO' = 'WARN'): void {
  if (installed) return;
  Runtime.install({ logger: new DefaultLogger(level) });
  installed = true;
}
