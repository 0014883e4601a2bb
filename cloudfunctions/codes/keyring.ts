import { z } from 'zod';

/**
 * The sandbox 采集码 keys. `GRADPHOTO_CODE_KEYS="kid:base64key,kid2:base64key2"`: each key is 32 bytes
 * (AES-256) in base64; the FIRST one issues new codes, all of them decode (so keys can be rotated).
 * Without the variable, outside production, the built-in dev key below is used: it is public (it is
 * in this file), so `NODE_ENV=production` refuses it, whether implicit or listed in the variable.
 */
export const CODE_KEYS_ENV = 'GRADPHOTO_CODE_KEYS';
export const DEV_KEY_ID = 'dev';
/** sha256("GradPhoto sandbox 采集码 dev key - public, never for production"), base64. */
export const DEV_KEY_BASE64 = 'IBNvVi8e1HuTSZ4/65KwGbDOI8wzTyjTKDhq7NimH8Y=';

export const KeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, {
  error: '密钥编号只能包含字母、数字、-、_，最长16位',
});

export interface Keyring {
  /** The key id new codes are issued with. */
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export type KeyringErrorCode = 'CODE_KEYS_INVALID' | 'CODE_KEYS_MISSING' | 'CODE_DEV_KEY_IN_PRODUCTION';

export class KeyringError extends Error {
  override readonly name = 'KeyringError';
  constructor(
    readonly code: KeyringErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const KeyBytesSchema = z
  .string()
  .transform((base64) => Buffer.from(base64, 'base64'))
  .refine((key) => key.length === 32, { error: '密钥应为32字节（AES-256）的base64' });

export function createKeyring(entries: readonly (readonly [string, Buffer])[]): Keyring {
  const first = entries[0];
  if (!first) throw new KeyringError('CODE_KEYS_MISSING', '没有配置采集码密钥');
  const keys = new Map<string, Buffer>();
  for (const [keyId, key] of entries) {
    if (!KeyIdSchema.safeParse(keyId).success) throw new KeyringError('CODE_KEYS_INVALID', `密钥编号「${keyId}」无效`);
    if (key.length !== 32) throw new KeyringError('CODE_KEYS_INVALID', `密钥「${keyId}」应为32字节`);
    if (keys.has(keyId)) throw new KeyringError('CODE_KEYS_INVALID', `密钥编号「${keyId}」重复`);
    keys.set(keyId, Buffer.from(key));
  }
  return { activeKeyId: first[0], keys };
}

/** Parses `kid:base64key,...` (whitespace around entries is ignored). */
export function parseKeyring(spec: string): Keyring {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry): [string, Buffer] => {
      const colon = entry.indexOf(':');
      const keyId = colon < 0 ? '' : entry.slice(0, colon);
      const key = KeyBytesSchema.safeParse(entry.slice(colon + 1));
      if (colon < 0 || !key.success) {
        throw new KeyringError('CODE_KEYS_INVALID', `${CODE_KEYS_ENV} 格式应为「编号:32字节base64密钥,…」，「${keyId || entry.slice(0, 8)}」无效`);
      }
      return [keyId, key.data];
    });
  return createKeyring(entries);
}

export function devKeyring(): Keyring {
  return createKeyring([[DEV_KEY_ID, Buffer.from(DEV_KEY_BASE64, 'base64')]]);
}

/** The keyring the backend and the issuer use, from the environment; see the file comment. */
export function resolveKeyring(env: NodeJS.ProcessEnv = process.env): Keyring {
  const production = env.NODE_ENV === 'production';
  const spec = env[CODE_KEYS_ENV]?.trim();
  if (!spec) {
    if (production) throw new KeyringError('CODE_KEYS_MISSING', `生产环境必须配置 ${CODE_KEYS_ENV}`);
    return devKeyring();
  }
  const keyring = parseKeyring(spec);
  if (production) {
    const devKey = Buffer.from(DEV_KEY_BASE64, 'base64');
    for (const [keyId, key] of keyring.keys) {
      if (keyId === DEV_KEY_ID || key.equals(devKey)) {
        throw new KeyringError('CODE_DEV_KEY_IN_PRODUCTION', '生产环境不能使用公开的开发密钥');
      }
    }
  }
  return keyring;
}
