import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WeChat Pay v2 signing (签名算法): the non-empty parameters except `sign`, sorted by name (ASCII),
 * joined as `k=v&k=v`, then `&key=<merchant key>`, HMAC-SHA256 keyed with the merchant key, upper-case
 * hex. Shared by the sandbox and the real WeChat Pay adapter.
 */
export function wechatPaySign(params: Record<string, string>, key: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHmac('sha256', key).update(`${text}&key=${key}`, 'utf8').digest('hex').toUpperCase();
}

export function hasValidWechatPaySign(params: Record<string, string>, key: string): boolean {
  const given = Buffer.from(params.sign ?? '');
  const expected = Buffer.from(wechatPaySign(params, key));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
