import path from 'node:path';
import { z } from 'zod';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The local cloud's settings, from the environment (api.md "Environment"). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  GRADPHOTO_DATA: z.string().default('.data'),
  NODE_ENV: z.string().optional(),
  /** Calls per minute per signed-in user (or per address) on `/api/<function>`. */
  GRADPHOTO_API_RATE: z.coerce.number().int().positive().default(1200),
  /** Uploads per minute per user (architecture.md "Quotas"). */
  GRADPHOTO_UPLOAD_RATE: z.coerce.number().int().positive().default(30),
  /** Engine worker threads; each holds the models (~0.5 GB). */
  GRADPHOTO_IMAGING_WORKERS: z.coerce.number().int().positive().default(1),
  /** Load the engine at start instead of on the first check. */
  GRADPHOTO_WARM_ENGINE: flag.default(false),
  /** Write the demo school, batch, staff and 采集码 on first start. */
  GRADPHOTO_SEED: flag.default(true),
  /** The built mini-program for browsers, served at `/` when present. */
  GRADPHOTO_H5: z.string().default('dist/h5'),
});

export type LocalConfig = {
  port: number;
  host: string;
  dataDir: string;
  production: boolean;
  apiRatePerMinute: number;
  uploadRatePerMinute: number;
  imagingWorkers: number;
  warmEngine: boolean;
  seed: boolean;
  h5Dir: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`环境变量 ${issue?.path.join('.')} 不正确：${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.GRADPHOTO_DATA),
    production: e.NODE_ENV === 'production',
    apiRatePerMinute: e.GRADPHOTO_API_RATE,
    uploadRatePerMinute: e.GRADPHOTO_UPLOAD_RATE,
    imagingWorkers: e.GRADPHOTO_IMAGING_WORKERS,
    warmEngine: e.GRADPHOTO_WARM_ENGINE,
    seed: e.GRADPHOTO_SEED,
    h5Dir: path.resolve(e.GRADPHOTO_H5),
  };
}
