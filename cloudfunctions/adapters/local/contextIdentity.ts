import type { Identity } from '../../ports/identity';

/**
 * Identity from a CloudBase-shaped context (`{OPENID}`), which the local gateway builds from the bearer
 * token it verified. The request body is never consulted.
 */
export const contextIdentity: Identity = {
  openid(context) {
    const openid = (context as { OPENID?: unknown } | null | undefined)?.OPENID;
    return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
  },
};
