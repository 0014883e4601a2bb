import { readFixture } from '../../photo/testing/fixtures';
import type { Files } from '../files';

/** The Files port's contract, one suite for every adapter; it deletes every file it stores. */
export interface FilesUnderTest {
  files: Files;
  close(): Promise<void>;
}

export function describeFilesContract(label: string, open: () => Promise<FilesUnderTest>): void {
  describe(`the Files port (${label})`, () => {
    let subject: FilesUnderTest;
    let files: Files;
    const stored: string[] = [];
    const put = async (data: Buffer, contentType: string) => {
      const fileId = await files.put(data, { contentType });
      stored.push(fileId);
      return fileId;
    };

    beforeAll(async () => {
      subject = await open();
      files = subject.files;
    });
    afterAll(async () => {
      for (const fileId of stored) await files.delete(fileId);
      await subject.close();
    });

    it('stores a photo and gives back the same bytes with their content type', async () => {
      const photo = readFixture('ok-gray-bg.jpg');
      const fileId = await put(photo, 'image/jpeg');
      const back = await files.get(fileId);
      expect(back?.contentType).toBe('image/jpeg');
      expect(back?.data.equals(photo)).toBe(true);
    });

    it('keeps each file apart, with its own content type', async () => {
      const png = readFixture('bad-room-bg-rgba.png');
      const a = await put(png, 'image/png');
      const b = await put(Buffer.from('学号,姓名\n1,张三\n'), 'text/csv');
      expect(a).not.toBe(b);
      expect((await files.get(a))?.contentType).toBe('image/png');
      expect((await files.get(b))?.data.toString()).toBe('学号,姓名\n1,张三\n');
    });

    it('forgets a deleted file, and deleting twice is harmless', async () => {
      const fileId = await put(Buffer.from('x'), 'application/octet-stream');
      await files.delete(fileId);
      expect(await files.get(fileId)).toBeNull();
      await expect(files.delete(fileId)).resolves.toBeUndefined();
    });

    it('hands out a link for a stored file', async () => {
      const fileId = await put(Buffer.from('y'), 'image/jpeg');
      const url = await files.url(fileId, 60);
      expect(typeof url).toBe('string');
      expect(url).toContain(fileId.split('/').pop()!.split('.')[0]!);
    });
  });
}
