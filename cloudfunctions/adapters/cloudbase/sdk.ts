import type { CloudBase } from '@cloudbase/node-sdk';
import { z } from 'zod';

/**
 * The one place the CloudBase server SDK is constructed. Never at import time: a bundle must load (and a
 * test must run) without credentials or network. The SDK is imported lazily, and only once credentials
 * are known to be there — without them it raises an unhandled rejection from inside its request code
 * (`prepareCredentials` is called without `await`), which would kill a Node process.
 */
export type CloudbaseApp = CloudBase;

const envSchema = z.object({
  /** Outside CloudBase (setup script, contract tests): which environment. Inside, the current one. */
  TCB_ENV_ID: z.string().min(1).optional(),
  /** Set by the CloudBase runtime in every function. */
  TCB_ENV: z.string().min(1).optional(),
  SCF_NAMESPACE: z.string().min(1).optional(),
  TENCENTCLOUD_SECRETID: z.string().min(1).optional(),
  TENCENTCLOUD_SECRETKEY: z.string().min(1).optional(),
  TENCENTCLOUD_SESSIONTOKEN: z.string().min(1).optional(),
});

export interface CloudbaseTarget {
  /** An environment id, or undefined for "the environment this function runs in". */
  envId: string | undefined;
  secretId: string;
  secretKey: string;
  sessionToken: string | undefined;
}

/** Why CloudBase cannot be reached from this process, or the target when it can. */
export function cloudbaseTarget(env: NodeJS.ProcessEnv): { ok: true; target: CloudbaseTarget } | { ok: false; reason: string } {
  const e = envSchema.parse(env);
  if (!e.TENCENTCLOUD_SECRETID || !e.TENCENTCLOUD_SECRETKEY) {
    return { ok: false, reason: '缺少 TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY（云函数运行时会自动注入；本地请使用 API 密钥）' };
  }
  const inFunction = Boolean(e.TCB_ENV || e.SCF_NAMESPACE);
  if (!e.TCB_ENV_ID && !inFunction) return { ok: false, reason: '缺少 TCB_ENV_ID（云开发环境 ID）' };
  return {
    ok: true,
    target: { envId: e.TCB_ENV_ID, secretId: e.TENCENTCLOUD_SECRETID, secretKey: e.TENCENTCLOUD_SECRETKEY, sessionToken: e.TENCENTCLOUD_SESSIONTOKEN },
  };
}

/** The SDK's own error class is not exported; it is recognised by name. */
export function isSdkError(error: unknown): error is Error & { code?: string; requestId?: string } {
  return error instanceof Error && error.constructor.name === 'TcbError';
}

let guarded = false;

/**
 * A process-level net for the SDK's own unawaited promises: a rejection carrying the SDK's error type is
 * logged and dropped; any other unhandled rejection keeps Node's default (the process fails) unless some
 * other listener handles it.
 */
export function guardSdkRejections(): void {
  if (guarded) return;
  guarded = true;
  const listener = (reason: unknown) => {
    if (isSdkError(reason)) {
      console.error('[cloudbase] SDK 内部未处理的异常（已拦截）：', reason.code, reason.message);
      return;
    }
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  };
  process.on('unhandledRejection', listener);
}

let app: Promise<CloudbaseApp> | undefined;

/** The CloudBase app for this process, created on first use. */
export function cloudbaseApp(env: NodeJS.ProcessEnv = process.env): Promise<CloudbaseApp> {
  app ??= (async () => {
    const found = cloudbaseTarget(env);
    if (!found.ok) throw new Error(`CloudBase 不可用：${found.reason}`);
    guardSdkRejections();
    const tcb = await import('@cloudbase/node-sdk');
    const { envId, secretId, secretKey, sessionToken } = found.target;
    return tcb.init({ env: envId ?? tcb.SYMBOL_CURRENT_ENV, secretId, secretKey, sessionToken, timeout: 15_000 });
  })();
  app.catch(() => (app = undefined));
  return app;
}
