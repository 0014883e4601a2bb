import { createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The local cloud's own secret (signs session tokens and file URLs), made on first start and kept in
 * the data folder, readable by its owner only, so tokens and links survive restarts.
 */
export async function loadSecret(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'secret');
  try {
    return Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const secret = randomBytes(32);
    await fs.writeFile(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** A key for one purpose, so a session token can never pass as a file link or the other way round. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}
