import { AppError } from '../contracts/errors';
import type { Identity } from '../ports/identity';
import type { Authenticate } from './main';

/** A signed-in WeChat user (any user may act as a student on their own records). */
export function userFromContext(identity: Identity): Authenticate {
  return (context) => {
    const openid = identity.openid(context);
    if (!openid) throw new AppError('UNAUTHENTICATED');
    return { openid };
  };
}

/** Function-to-function calls only: a call that carries a user's identity comes from a client and is refused. */
export function serviceOnly(identity: Identity): Authenticate {
  return (context) => {
    if (identity.openid(context)) throw new AppError('FORBIDDEN');
    return { openid: 'system' };
  };
}
