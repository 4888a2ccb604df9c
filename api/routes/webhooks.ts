import express, { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { signatureCompletedSignal } from '../../workflows/transfer/messages';
import type { AppDeps } from '../deps';
import { ApiError } from '../errors';
import { esignEventSchema } from '../schemas/transfer';
import { parseOrThrow } from '../validation';
import { ESIGN_SIGNATURE_HEADER, ESIGN_TIMESTAMP_HEADER, verifyEsignSignature } from '../webhooks/esign-signature';

export function webhooksRouter(deps: AppDeps): Router {
  const router = Router();

  // The signature covers the exact bytes sent, so this route reads the raw body itself.
  router.post('/esign', express.raw({ type: '*/*', limit: '64kb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verified = verifyEsignSignature({
      secret: deps.esignWebhookSecret,
      rawBody,
      timestampHeader: req.get(ESIGN_TIMESTAMP_HEADER),
      signatureHeader: req.get(ESIGN_SIGNATURE_HEADER),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!verified.ok) throw new ApiError(401, 'WEBHOOK_SIGNATURE_INVALID', '回调签名无效或已过期', [{ code: verified.reason, message: '签名校验失败' }]);

    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new ApiError(400, 'INVALID_JSON', '请求体不是合法的 JSON');
    }
    const event = parseOrThrow(esignEventSchema, payload);

    // A signature counts only for the form the transfer currently asks to be signed.
    const transfer = await deps.db.pensionTransfer.findUnique({ where: { id: event.externalRef }, select: { formDocumentId: true } });
    if (!transfer) throw new ApiError(404, 'TRANSFER_NOT_FOUND', '回调对应的转移流程不存在');
    const form = transfer.formDocumentId
      ? await deps.db.formDocument.findUnique({ where: { id: transfer.formDocumentId }, select: { sha256: true } })
      : null;
    if (form?.sha256 !== event.documentHash) {
      throw new ApiError(409, 'DOCUMENT_MISMATCH', '签署的文件与当前申请表不一致,未予采纳');
    }

    // Providers deliver at least once: the event id makes a redelivery a no-op.
    const recorded = await deps.db.webhookEvent.createMany({
      data: [{ id: `esign:${event.eventId}`, source: 'esign', payload: event }],
      skipDuplicates: true,
    });
    if (recorded.count === 0) {
      res.json({ status: 'duplicate' });
      return;
    }
    try {
      await deps.temporal.workflow.getHandle(event.externalRef).signal(signatureCompletedSignal, {
        signingRequestId: event.requestId,
        signedAt: event.signedAt,
      });
    } catch (error) {
      // Not delivered: forget the event so that the provider's retry gets another chance.
      await deps.db.webhookEvent.delete({ where: { id: `esign:${event.eventId}` } });
      if (error instanceof WorkflowNotFoundError) throw new ApiError(404, 'TRANSFER_NOT_FOUND', '回调对应的转移流程不存在');
      throw error;
    }
    res.json({ status: 'accepted' });
  });

  return router;
}
