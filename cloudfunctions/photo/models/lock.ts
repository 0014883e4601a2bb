/** The model lock file: which files of which npm package, with their sha256. Shared by the installer and the loader. */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { z } from 'zod';
import lockJson from './models.lock.json';

export const modelsLockSchema = z.object({
  package: z.string(),
  version: z.string(),
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type ModelsLock = z.infer<typeof modelsLockSchema>;

export const modelsLock: ModelsLock = modelsLockSchema.parse(lockJson);

export const INSTALL_COMMAND = 'npm run models:install';

/** `.models/` at the repository root unless GRADPHOTO_MODELS_DIR says otherwise. */
export function defaultModelsDir(): string {
  return process.env.GRADPHOTO_MODELS_DIR ?? path.resolve(__dirname, '../../../.models');
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
