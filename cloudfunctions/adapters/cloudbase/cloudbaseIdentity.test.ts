import { getCloudbaseContext } from '@cloudbase/node-sdk';
import { cloudbaseIdentity } from './cloudbaseIdentity';

/** A context as the CloudBase runtime passes it to `main(event, context)` for a mini-program call. */
function runtimeContext(environment: Record<string, string>) {
  return {
    memory_limit_in_mb: 256,
    time_limit_in_ms: 20000,
    request_id: 'req-1',
    function_version: '$LATEST',
    function_name: 'student',
    namespace: 'env-1',
    environment: JSON.stringify(environment),
  };
}

describe('identity from the CloudBase call context', () => {
  const identity = cloudbaseIdentity(getCloudbaseContext);

  it('reads the WeChat caller from the call’s context', () => {
    expect(identity.openid(runtimeContext({ WX_OPENID: 'oABC123', WX_APPID: 'wx1', TCB_ENV: 'env-1' }))).toBe('oABC123');
  });

  it('reads the older runtime’s semicolon-separated context too', () => {
    expect(identity.openid({ ...runtimeContext({}), environment: undefined, environ: 'WX_OPENID=oOLD;TCB_ENV=env-1' })).toBe('oOLD');
  });

  it('finds no user in a context without one, and never falls back to the process environment', () => {
    process.env.WX_OPENID = 'oLEAKED';
    try {
      expect(identity.openid(runtimeContext({ TCB_ENV: 'env-1' }))).toBeUndefined();
      expect(identity.openid({})).toBeUndefined();
      expect(identity.openid(undefined)).toBeUndefined();
      expect(identity.openid({ environment: 'not json' })).toBeUndefined();
    } finally {
      delete process.env.WX_OPENID;
    }
  });

  it('ignores an OPENID a caller puts in the request itself', () => {
    expect(identity.openid({ OPENID: 'oFORGED' })).toBeUndefined();
  });
});
