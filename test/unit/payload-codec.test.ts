import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, parseKeyring } from '../../worker/payload-codec';

const key = () => randomBytes(32).toString('base64');
const OLD = `old:${key()}`;
const NEW = `new:${key()}`;
const payload = defaultPayloadConverter.toPayload({ idNumber: '43012119920518026X', name: '王芳', wage: '10000.00' });

test('a payload comes back as it was, and nothing of it is readable on the way', async () => {
  const codec = new AesGcmPayloadCodec(parseKeyring(NEW));
  const [encoded] = await codec.encode([payload]);
  expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
  expect(Buffer.from(encoded!.metadata![KEY_ID_METADATA]!).toString()).toBe('new');
  const bytes = Buffer.from(encoded!.data!).toString('latin1');
  expect(bytes).not.toContain('43012119920518026X');
  expect(Buffer.from(encoded!.data!).toString('utf8')).not.toContain('王芳');
  const [decoded] = await codec.decode([encoded!]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ idNumber: '43012119920518026X', name: '王芳', wage: '10000.00' });
});

test('keys rotate: the new key encrypts, the old one still decrypts what it wrote', async () => {
  const [written] = await new AesGcmPayloadCodec(parseKeyring(OLD)).encode([payload]);
  const rotated = new AesGcmPayloadCodec(parseKeyring(`${NEW},${OLD}`));
  expect(defaultPayloadConverter.fromPayload((await rotated.decode([written!]))[0]!)).toMatchObject({ name: '王芳' });
  const [fresh] = await rotated.encode([payload]);
  expect(Buffer.from(fresh!.metadata![KEY_ID_METADATA]!).toString()).toBe('new');
  await expect(new AesGcmPayloadCodec(parseKeyring(NEW)).decode([written!])).rejects.toThrow(/no payload key "old"/);
});

test('a tampered payload is refused, a plain one passes through, a bad keyring is refused', async () => {
  const codec = new AesGcmPayloadCodec(parseKeyring(NEW));
  const [encoded] = await codec.encode([payload]);
  const data = Buffer.from(encoded!.data!);
  data[20] = data[20]! ^ 1;
  await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
  expect(await codec.decode([payload])).toEqual([payload]);
  expect(() => parseKeyring('k1:short')).toThrow(/32 bytes/);
  expect(() => parseKeyring('')).toThrow(/at least one/);
  expect(() => parseKeyring(`${NEW},${NEW}`)).toThrow(/twice/);
});
