import { Router } from 'express';
import { WorkflowNotFoundError, isGrpcServiceError } from '@temporalio/client';
import type { AppDeps } from '../deps';
import { authenticationOf } from '../auth/authenticate';
import { roleHas } from '../auth/roles';
import { notFound } from '../errors';
import { workflowListQuerySchema } from '../schemas/workflows';
import { parseOrThrow } from '../validation';

const LIST_LIMIT = 200;
/** gRPC status code 5. */
const GRPC_NOT_FOUND = 5;

/** Visibility filters from validated values only: the query language is never built from free text. */
function visibilityQuery(filter: { type?: string; status?: string; employeeId?: string }): string {
  const clauses: string[] = [];
  if (filter.type) clauses.push(`WorkflowType = '${filter.type}'`);
  if (filter.status) clauses.push(`ExecutionStatus = '${filter.status}'`);
  if (filter.employeeId) clauses.push(`EmployeeId = '${filter.employeeId}'`);
  return clauses.join(' AND ');
}

export function workflowsRouter(deps: AppDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const filter = parseOrThrow(workflowListQuerySchema, req.query);
    const workflows = [];
    for await (const execution of deps.temporal.workflow.list({ query: visibilityQuery(filter) })) {
      workflows.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        type: execution.type,
        status: execution.status.name,
        taskQueue: execution.taskQueue,
        startTime: execution.startTime,
        closeTime: execution.closeTime ?? null,
        historyLength: execution.historyLength,
        searchAttributes: Object.fromEntries(execution.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value])),
      });
      if (workflows.length >= LIST_LIMIT) break;
    }
    res.json({ workflows });
  });

  /**
   * The event history. Payloads stay encrypted for ops (they see what happened and when, not to
   * whom); roles allowed to decode get them decrypted, as the Web UI shows them through the codec.
   */
  router.get('/:id/history', async (req, res) => {
    const role = authenticationOf(res.locals)!.role;
    const decode = roleHas(role, 'payload.decode');
    try {
      const handle = deps.temporal.workflow.getHandle(req.params.id);
      const history = await handle.fetchHistory();
      const events = (history.events ?? []).map((event) => JSON.parse(JSON.stringify(event)) as Record<string, unknown>);
      if (decode && deps.payloadCodec) await decodePayloads(events, deps.payloadCodec.decode.bind(deps.payloadCodec));
      res.json({ workflowId: req.params.id, decoded: decode, events });
    } catch (error) {
      // Fetching a history raises the server's NOT_FOUND as it is, not as WorkflowNotFoundError.
      if (error instanceof WorkflowNotFoundError || (isGrpcServiceError(error) && error.code === GRPC_NOT_FOUND)) throw notFound('流程');
      throw error;
    }
  });

  return router;
}

type Decode = (payloads: { metadata?: Record<string, Uint8Array>; data?: Uint8Array }[]) => Promise<{ metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }[]>;

/** Replaces every payload list in the JSON history (bytes as base64) with its decrypted, readable form. */
async function decodePayloads(node: unknown, decode: Decode): Promise<void> {
  if (Array.isArray(node)) {
    for (const item of node) await decodePayloads(item, decode);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'payloads' && Array.isArray(value)) {
      const bytes = (text: unknown) => Buffer.from(typeof text === 'string' ? text : '', 'base64');
      const decoded = await decode(value.map((payload: { metadata?: Record<string, string>; data?: string }) => ({
        metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, bytes(v)])),
        data: bytes(payload.data),
      })));
      record[key] = decoded.map((payload) => {
        const text = Buffer.from(payload.data ?? []).toString('utf8');
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      });
    } else {
      await decodePayloads(value, decode);
    }
  }
}
