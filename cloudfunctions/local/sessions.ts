import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens of the local cloud's dev login: the openid and an HMAC of it. The gateway turns a valid
 * token into the CloudBase-like context `{OPENID}` the functions read; no token, no identity.
 */
export class Sessions {
  constructor(private readonly key: Buffer) {}

  issue(openid: string): string {
    const id = Buffer.from(openid, 'utf8').toString('base64url');
    return `${id}.${this.sign(id)}`;
  }

  /** The openid a token was issued for, or undefined when it is not one of ours. */
  verify(token: string | undefined): string | undefined {
    const [id, signature] = token?.split('.') ?? [];
    if (!id || !signature || token?.split('.').length !== 2) return undefined;
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return Buffer.from(id, 'base64url').toString('utf8');
  }

  /** The openid from an `Authorization: Bearer …` header. */
  fromHeader(header: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    return this.verify(match?.[1]);
  }

  private sign(id: string): string {
    return createHmac('sha256', this.key).update(id).digest('base64url');
  }
}
