import { randomBytes } from 'node:crypto';
import { CODE_KEYS_ENV, DEV_KEY_BASE64, DEV_KEY_ID, parseKeyring, resolveKeyring } from './keyring';

const key = () => randomBytes(32).toString('base64');

describe('the 采集码 keyring', () => {
  it('parses kid:base64key pairs; the first issues, all decode', () => {
    const [a, b] = [key(), key()];
    const keyring = parseKeyring(` k2026:${a} , k2025:${b} `);
    expect(keyring.activeKeyId).toBe('k2026');
    expect([...keyring.keys.keys()]).toEqual(['k2026', 'k2025']);
    expect(keyring.keys.get('k2025')?.toString('base64')).toBe(b);
  });

  it.each([
    ['no colon', 'k1'],
    ['short key', `k1:${randomBytes(16).toString('base64')}`],
    ['bad key id', `k.1:${key()}`],
    ['duplicate id', `k1:${key()},k1:${key()}`],
    ['empty', ' , '],
  ])('refuses a malformed variable (%s)', (_case, spec) => {
    expect(() => parseKeyring(spec)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^CODE_KEYS_(INVALID|MISSING)$/) }));
  });

  it('falls back to the documented dev key outside production', () => {
    const keyring = resolveKeyring({ NODE_ENV: 'development' });
    expect(keyring.activeKeyId).toBe(DEV_KEY_ID);
    expect(keyring.keys.get(DEV_KEY_ID)?.toString('base64')).toBe(DEV_KEY_BASE64);
  });

  it('requires the variable in production', () => {
    expect(() => resolveKeyring({ NODE_ENV: 'production' })).toThrow(expect.objectContaining({ code: 'CODE_KEYS_MISSING' }));
  });

  it('refuses the public dev key in production, under any key id', () => {
    for (const spec of [`dev:${key()}`, `prod:${key()},old:${DEV_KEY_BASE64}`]) {
      expect(() => resolveKeyring({ NODE_ENV: 'production', [CODE_KEYS_ENV]: spec })).toThrow(
        expect.objectContaining({ code: 'CODE_DEV_KEY_IN_PRODUCTION' }),
      );
    }
  });

  it('uses the configured keys in production', () => {
    expect(resolveKeyring({ NODE_ENV: 'production', [CODE_KEYS_ENV]: `p1:${key()}` }).activeKeyId).toBe('p1');
  });
});
