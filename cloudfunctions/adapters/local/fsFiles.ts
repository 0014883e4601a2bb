import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../../ports/clock';
import type { Files } from '../../ports/files';

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/zip': 'zip',
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/octet-stream': 'bin',
};
const CONTENT_TYPES = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));
/** `<24 hex>.<ext>`: the extension carries the content type, so no sidecar file is needed. */
const FILE_ID = /^[0-9a-f]{24}\.([a-z]{2,4})$/;

/**
 * The Files port on a folder (`.data/files/`). A write goes to a temporary file, is fsynced, renamed into
 * place and the folder fsynced, so a file id handed out always names a complete file, even after a crash.
 * URLs are signed (HMAC) and expire.
 */
export class FsFiles implements Files {
  private constructor(
    private readonly root: string,
    private readonly secret: Buffer,
    private readonly clock: Clock,
  ) {}

  static async open(root: string, secret: Buffer, clock: Clock): Promise<FsFiles> {
    await fs.mkdir(path.join(root, '.tmp'), { recursive: true });
    // Leftovers of writes a crash interrupted were never acknowledged: drop them.
    for (const name of await fs.readdir(path.join(root, '.tmp'))) await fs.rm(path.join(root, '.tmp', name), { force: true });
    return new FsFiles(root, secret, clock);
  }

  private pathOf(fileId: string): string | null {
    return FILE_ID.test(fileId) ? path.join(this.root, fileId.slice(0, 2), fileId) : null;
  }

  async put(data: Buffer, options: { contentType: string }): Promise<string> {
    return this.write(options.contentType, async (temp) => {
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async putStream(source: Readable, options: { contentType: string }): Promise<{ fileId: string; bytes: number }> {
    let bytes = 0;
    const fileId = await this.write(options.contentType, async (temp) => {
      await pipeline(source, createWriteStream(temp));
      const handle = await fs.open(temp, 'r+');
      try {
        await handle.sync();
        bytes = (await handle.stat()).size;
      } finally {
        await handle.close();
      }
    });
    return { fileId, bytes };
  }

  /** Writes a new file through `fill` into a temporary path, then moves it into place durably. */
  private async write(contentType: string, fill: (temp: string) => Promise<void>): Promise<string> {
    const ext = EXTENSIONS[contentType] ?? 'bin';
    const fileId = `${randomBytes(12).toString('hex')}.${ext}`;
    const target = this.pathOf(fileId)!;
    const temp = path.join(this.root, '.tmp', fileId);
    try {
      await fill(temp);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(temp, target);
    const dir = await fs.open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return fileId;
  }

  async get(fileId: string): Promise<{ data: Buffer; contentType: string } | null> {
    const file = this.pathOf(fileId);
    if (!file) return null;
    try {
      const data = await fs.readFile(file);
      return { data, contentType: CONTENT_TYPES[FILE_ID.exec(fileId)![1]!] ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(fileId: string): Promise<void> {
    const file = this.pathOf(fileId);
    if (file) await fs.rm(file, { force: true });
  }

  async url(fileId: string, ttlSeconds: number): Promise<string> {
    const expires = Math.floor(this.clock.now() / 1000) + ttlSeconds;
    return `/api/files/${fileId}?token=${expires}.${this.sign(fileId, expires)}`;
  }

  /** Whether `token` (from a URL this adapter made) still grants access to `fileId`. */
  verify(fileId: string, token: string): boolean {
    const [expiresText, signature] = token.split('.');
    const expires = Number(expiresText);
    if (!signature || !Number.isInteger(expires) || expires * 1000 < this.clock.now()) return false;
    const expected = Buffer.from(this.sign(fileId, expires));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(fileId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${fileId}:${expires}`).digest('base64url');
  }
}
