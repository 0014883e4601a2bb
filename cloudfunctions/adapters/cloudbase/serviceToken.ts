import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Proof that a call comes from one of our own functions. On CloudBase a function called by another
 * function may carry the original WeChat user's context, and any client can call any function by name,
 * so "no user in the context" cannot tell a service call apart. The caller adds a short-lived token,
 * HMAC-SHA256 of `<function>.<expires>` under GRADPHOTO_SERVICE_KEY, which the callee's entry checks.
 */
export const SERVICE_TOKEN_TTL_SECONDS = 300;

function mac(key: Buffer, fn: string, expires: number): string {
  return createHmac('sha256', key).update(`${fn}.${expires}`).digest('base64url');
}

export function signServiceToken(key: Buffer, fn: string, nowMs: number): string {
  const expires = Math.floor(nowMs / 1000) + SERVICE_TOKEN_TTL_SECONDS;
  return `${expires}.${mac(key, fn, expires)}`;
}

export function verifyServiceToken(key: Buffer, fn: string, token: unknown, nowMs: number): boolean {
  if (typeof token !== 'string') return false;
  const [expiresText, signature] = token.split('.');
  const expires = Number(expiresText);
  if (!signature || !Number.isInteger(expires) || expires * 1000 < nowMs) return false;
  const expected = Buffer.from(mac(key, fn, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
