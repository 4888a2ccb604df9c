import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { AppDeps } from './deps';

/** Starts a workflow and counts the outcome by workflow type for /metrics. */
export async function startCounted<T>(deps: Pick<AppDeps, 'metrics'>, type: string, start: () => Promise<T>): Promise<T> {
  try {
    const started = await start();
    deps.metrics?.workflowStarts.inc({ type, outcome: 'started' });
    return started;
  } catch (error) {
    deps.metrics?.workflowStarts.inc({ type, outcome: error instanceof WorkflowExecutionAlreadyStartedError ? 'already_started' : 'failed' });
    throw error;
  }
}
