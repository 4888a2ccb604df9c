import { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { transferActionUpdate } from '../../workflows/transfer/messages';
import type { AppDeps } from '../deps';
import { ApiError, notFound } from '../errors';
import { startTransferSchema, transferActionSchema, transferListQuerySchema } from '../schemas/transfer';
import { startTransfer } from '../transfers/start';
import { loadTransferView } from '../transfers/view';
import { parseOrThrow } from '../validation';

const LIST_LIMIT = 200;

export function transfersRouter(deps: AppDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const request = parseOrThrow(startTransferSchema, req.body);
    res.status(202).json(await startTransfer(deps, request));
  });

  /** From Temporal's visibility store: what is running where, filtered by the search attributes. */
  router.get('/', async (req, res) => {
    const filter = parseOrThrow(transferListQuerySchema, req.query);
    const clauses = ["WorkflowType = 'pensionTransferWorkflow'"];
    if (filter.status) clauses.push(`TransferStatus = '${filter.status}'`);
    if (filter.city) clauses.push(`City = '${filter.city}'`);
    const transfers = [];
    for await (const execution of deps.temporal.workflow.list({ query: clauses.join(' AND ') })) {
      const attributes = Object.fromEntries(execution.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
      transfers.push({
        id: execution.workflowId,
        status: attributes.TransferStatus ?? null,
        originCity: attributes.City ?? null,
        employeeId: attributes.EmployeeId ?? null,
        execution: execution.status.name,
        startedAt: execution.startTime,
      });
      if (transfers.length >= LIST_LIMIT) break;
    }
    res.json({ transfers });
  });

  router.get('/:id', async (req, res) => {
    res.json(await loadTransferView(deps.db, req.params.id));
  });

  router.get('/:id/form.pdf', async (req, res) => {
    const transfer = await deps.db.pensionTransfer.findUnique({ where: { id: req.params.id } });
    const document = transfer?.formDocumentId ? await deps.db.formDocument.findUnique({ where: { id: transfer.formDocumentId } }) : null;
    if (!document) throw notFound('转移申请表');
    res
      .status(200)
      .set({
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="transfer-application-${document.sha256.slice(0, 12)}.pdf"`,
        etag: `"${document.sha256}"`,
      })
      .send(Buffer.from(document.content));
  });

  router.post('/:id/actions', async (req, res) => {
    const action = parseOrThrow(transferActionSchema, req.body);
    const transfer = await deps.db.pensionTransfer.findUnique({ where: { id: req.params.id } });
    if (!transfer) throw notFound('养老保险关系转移');
    res.locals.auditBefore = { id: transfer.id, status: transfer.status, flags: transfer.flags, submissionCount: transfer.submissionCount };
    try {
      const state = await deps.temporal.workflow.getHandle(transfer.id).executeUpdate(transferActionUpdate, { args: [action] });
      res.json({ id: transfer.id, status: state.status, flags: state.flags });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new ApiError(409, 'ACTION_REJECTED', error.cause?.message ?? '当前状态不能执行此操作');
      if (error instanceof WorkflowNotFoundError) throw new ApiError(409, 'TRANSFER_CLOSED', '该转移流程已结束');
      throw error;
    }
  });

  return router;
}
