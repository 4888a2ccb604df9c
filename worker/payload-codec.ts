import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Development only; production sets PAYLOAD_ENCRYPTION_KEYS. */
export const DEV_PAYLOAD_KEYS = 'dev-2026:c2hlYmFvLWZsb3ctZGV2LWtleS0zMi1ieXRlcy1vayE=';

export interface Keyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * `id:base64key[,id:base64key…]`: the first key encrypts, every key decrypts, so a key can rotate
 * while histories written under the old one still read.
 */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [id, encoded] = entry.split(':');
    const key = Buffer.from(encoded ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`payload key "${id ?? ''}" must be id:base64 of exactly 32 bytes`);
    if (keys.has(id)) throw new Error(`payload key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const currentKeyId = keys.keys().next().value;
  if (currentKeyId === undefined) throw new Error('at least one payload key is needed');
  return { currentKeyId, keys };
}

/**
 * AES-256-GCM over each whole payload (its metadata included), so that nothing of a workflow's
 * input, result or activity arguments is readable in Temporal's history without a key. Payloads
 * written before encryption (no encrypted encoding) pass through as they are.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keyring.keys.get(this.keyring.currentKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(this.keyring.currentKeyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new Error(`no payload key "${keyId}" to decrypt with`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

export function payloadCodecFrom(spec: string = process.env.PAYLOAD_ENCRYPTION_KEYS ?? DEV_PAYLOAD_KEYS): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(parseKeyring(spec));
}

/** For every Temporal client and worker of this service: payloads are encrypted on the way out. */
export function encryptedDataConverter(spec?: string) {
  return { payloadCodecs: [payloadCodecFrom(spec)] };
}
