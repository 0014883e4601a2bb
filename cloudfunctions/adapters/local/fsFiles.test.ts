import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsFiles } from './fsFiles';

let dir: string;
let now = 1_000_000;
const clock = { now: () => now };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradphoto-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the folder of blobs', () => {
  it('stores bytes and gives them back with their content type', async () => {
    const files = await FsFiles.open(dir, Buffer.from('secret'), clock);
    const id = await files.put(Buffer.from('jpeg bytes'), { contentType: 'image/jpeg' });
    expect(id).toMatch(/\.jpg$/);
    expect(await files.get(id)).toEqual({ data: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' });
    expect(readdirSync(path.join(dir, '.tmp'))).toEqual([]);
    await files.delete(id);
    expect(await files.get(id)).toBeNull();
  });

  it('never resolves a path outside its folder', async () => {
    const files = await FsFiles.open(dir, Buffer.from('secret'), clock);
    expect(await files.get('../../etc/passwd')).toBeNull();
  });

  it('drops half-written temporary files on open', async () => {
    await FsFiles.open(dir, Buffer.from('secret'), clock);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, '.tmp', 'interrupted.jpg'), 'half');
    await FsFiles.open(dir, Buffer.from('secret'), clock);
    expect(existsSync(path.join(dir, '.tmp', 'interrupted.jpg'))).toBe(false);
  });

  it('signs short-lived URLs that expire and cannot be moved to another file', async () => {
    const files = await FsFiles.open(dir, Buffer.from('secret'), clock);
    const id = await files.put(Buffer.from('a'), { contentType: 'image/png' });
    const other = await files.put(Buffer.from('b'), { contentType: 'image/png' });
    const url = await files.url(id, 60);
    const token = new URL(url, 'http://x').searchParams.get('token')!;
    expect(files.verify(id, token)).toBe(true);
    expect(files.verify(other, token)).toBe(false);
    expect(files.verify(id, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
    now += 61_000;
    expect(files.verify(id, token)).toBe(false);
  });
});
