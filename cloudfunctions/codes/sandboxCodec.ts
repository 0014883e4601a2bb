import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CodeIssuingCodec } from './codec';
import { CodeError } from './errors';
import type { Keyring } from './keyring';
import { CODE_PAYLOAD_FIELDS, CodePayloadSchema, type CodePayload } from './payload';

/**
 * The sandbox 采集码 format, version 1:
 *
 *   GPC1.<keyId>.<base64url( iv[12] | AES-256-GCM ciphertext | tag[16] )>
 *
 * The header "GPC1.<keyId>" is the GCM additional data, so neither the version nor the key id can be
 * swapped without failing the tag. The plaintext is the JSON array of the payload's fields in
 * CODE_PAYLOAD_FIELDS order (positional, to keep the QR small enough to survive screenshots).
 */
export const SANDBOX_CODE_PREFIX = 'GPC1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SHAPE = /^GPC1\.([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]+)$/;

const PlaintextSchema = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.string(),
  z.number(),
]);

function toPlaintext(payload: CodePayload): Buffer {
  return Buffer.from(JSON.stringify(CODE_PAYLOAD_FIELDS.map((field) => payload[field])), 'utf8');
}

function fromPlaintext(plaintext: Buffer): CodePayload {
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new CodeError('CODE_MALFORMED');
  }
  const fields = PlaintextSchema.safeParse(json);
  if (!fields.success) throw new CodeError('CODE_MALFORMED');
  const payload = CodePayloadSchema.safeParse(Object.fromEntries(CODE_PAYLOAD_FIELDS.map((field, i) => [field, fields.data[i]])));
  if (!payload.success) throw new CodeError('CODE_MALFORMED');
  return payload.data;
}

export function createSandboxCodec(keyring: Keyring): CodeIssuingCodec {
  return {
    name: 'sandbox',

    recognizes(text) {
      return SHAPE.test(text.trim());
    },

    encode(payload) {
      const keyId = keyring.activeKeyId;
      const key = keyring.keys.get(keyId);
      if (!key) throw new Error(`active key ${keyId} missing from the keyring`);
      const header = `${SANDBOX_CODE_PREFIX}.${keyId}`;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(header, 'utf8'));
      const sealed = Buffer.concat([cipher.update(toPlaintext(CodePayloadSchema.parse(payload))), cipher.final()]);
      return `${header}.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
    },

    decode(text) {
      const shape = SHAPE.exec(text.trim());
      const keyId = shape?.[1];
      const body = shape?.[2];
      if (keyId === undefined || body === undefined) throw new CodeError('CODE_MALFORMED');
      const bytes = Buffer.from(body, 'base64url');
      // Buffer decoding is lenient: reject non-canonical text (e.g. a truncated last character).
      if (bytes.toString('base64url') !== body || bytes.length <= IV_BYTES + TAG_BYTES) throw new CodeError('CODE_MALFORMED');
      const key = keyring.keys.get(keyId);
      if (!key) throw new CodeError('CODE_UNKNOWN_KEY');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${SANDBOX_CODE_PREFIX}.${keyId}`, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new CodeError('CODE_TAMPERED');
      }
      return fromPlaintext(plaintext);
    },
  };
}
