import type { getCloudbaseContext } from '@cloudbase/node-sdk';
import type { Identity } from '../../ports/identity';

type ContextReader = typeof getCloudbaseContext;

/**
 * Identity from the call's own context: CloudBase hands every invocation a context whose `environment`
 * (or, on the older runtime, `environ`) carries the WeChat caller (WX_OPENID), which the SDK's
 * `getCloudbaseContext(context)` decodes. A context without it — a function-to-function call the entry
 * has verified, a timer — has no user. The process environment is never consulted for the caller: it is
 * shared by every invocation a warm instance serves.
 */
export function cloudbaseIdentity(readContext: ContextReader): Identity {
  return {
    openid(context) {
      const c = context as { environment?: unknown; environ?: unknown } | null | undefined;
      if (!c || (typeof c.environment !== 'string' && typeof c.environ !== 'string')) return undefined;
      try {
        const openid = readContext(c as Parameters<ContextReader>[0]).WX_OPENID;
        return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
