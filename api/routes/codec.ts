import { Router } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { parseOrThrow } from '../validation';

// Temporal's codec-server protocol: payloads as JSON, bytes as base64. The Web UI (and
// `temporal workflow show --codec-endpoint`) posts here to show histories decrypted.
export const payloadsSchema = z.object(
  {
    payloads: z.array(
      z.object({
        metadata: z.record(z.string(), z.string({ error: 'metadata 的值应为 base64' })).default({}),
        data: z.string({ error: 'data 应为 base64' }).default(''),
      }),
      { error: 'payloads 应为数组' },
    ),
  },
  { error: '请求体应为 { "payloads": [...] }' },
);

const fromJson = (payload: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(payload.data, 'base64'),
});
const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

export function codecRouter(codec: PayloadCodec): Router {
  const router = Router();
  for (const direction of ['encode', 'decode'] as const) {
    router.post(`/${direction}`, async (req, res) => {
      const { payloads } = parseOrThrow(payloadsSchema, req.body);
      const converted = await codec[direction](payloads.map(fromJson));
      res.json({ payloads: converted.map(toJson) });
    });
  }
  return router;
}
