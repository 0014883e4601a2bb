import { z } from 'zod';

/**
 * The environment of a deployed function (cloudbaserc.json `envVariables`, secrets set in the console).
 * `GRADPHOTO_ADAPTERS` picks the adapter set: `cloudbase` in production; `local` runs the very same bundle
 * on SQLite and a folder (the deploy dry-run, or a bundle started on a laptop).
 */
const base64Key = (bytes: number) =>
  z
    .string()
    .transform((text) => Buffer.from(text, 'base64'))
    .refine((key) => key.length >= bytes, { error: `密钥至少 ${bytes} 字节（base64）` });

export const deployEnvSchema = z.object({
  GRADPHOTO_ADAPTERS: z.enum(['local', 'cloudbase']).default('cloudbase'),
  /** Signs calls between our functions (imaging, jobs). Required on CloudBase. */
  GRADPHOTO_SERVICE_KEY: base64Key(32).optional(),
  /** Keys the roster's ID-number hashes. Required on CloudBase; never change it once rosters exist. */
  GRADPHOTO_ID_KEY: base64Key(16).optional(),
  /** The local set's data folder. */
  GRADPHOTO_DATA: z.string().default('.data'),
  WECHAT_APPID: z.string().optional(),
  WECHAT_PAY_MCH_ID: z.string().optional(),
  WECHAT_PAY_KEY: z.string().optional(),
  WECHAT_PAY_NOTIFY_URL: z.string().optional(),
  WECHAT_PAY_CERT_P12: z.string().optional(),
  WECHAT_PAY_CLIENT_IP: z.string().optional(),
  /** Subscribe-message template ids (公众平台 → 订阅消息). */
  WX_TEMPLATE_REVIEW_RESULT: z.string().optional(),
  WX_TEMPLATE_ORDER_STATUS: z.string().optional(),
  /** `release` | `trial` | `develop`: which mini-program version the batch 小程序码 opens. */
  WX_ENV_VERSION: z.enum(['release', 'trial', 'develop']).default('release'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('毕业生图像采集 <noreply@example.com>'),
});
export type DeployEnv = z.output<typeof deployEnvSchema>;

export function loadDeployEnv(env: NodeJS.ProcessEnv): DeployEnv {
  const parsed = deployEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${issue?.path.join('.')} 不正确：${issue?.message}`);
  }
  return parsed.data;
}

/** A required secret, or a clear error naming the variable. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === '') throw new Error(`缺少环境变量 ${name}（见 docs/production.md）`);
  return value;
}
