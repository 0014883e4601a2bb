import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Files } from '../../ports/files';
import { isSdkError } from './sdk';

/** The part of the CloudBase app that storage uses (`app.uploadFile` …, bound to the app). */
export interface StorageApi {
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  downloadFile(options: { fileID: string }): Promise<{ fileContent?: string | Buffer | undefined }>;
  deleteFile(options: { fileList: string[] }): Promise<{ fileList: { code: string; fileID: string }[] }>;
  getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { code: string; fileID: string; tempFileURL: string }[] }>;
}

/** Content types by file extension: cloud storage keeps no content type we can read back, the name carries it. */
const TYPES: readonly (readonly [string, string])[] = [
  ['jpg', 'image/jpeg'],
  ['png', 'image/png'],
  ['webp', 'image/webp'],
  ['zip', 'application/zip'],
  ['pdf', 'application/pdf'],
  ['csv', 'text/csv'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['bin', 'application/octet-stream'],
];

/** `cloud://<env>.<bucket>/gradphoto/<2 hex>/<24 hex>.<ext>`: only files this adapter stored are served. */
const FILE_ID = /^cloud:\/\/[A-Za-z0-9._-]+\/gradphoto\/[0-9a-f]{2}\/[0-9a-f]{24}\.([a-z]{2,4})$/;

/** Codes the storage service gives for a file that is not there. */
const MISSING = /STORAGE_FILE_NONEXIST|FILE_NOT_EXIST|NoSuchKey|Status:404/;

function isMissing(error: unknown): boolean {
  return isSdkError(error) && MISSING.test(`${error.code ?? ''} ${error.message}`);
}

/**
 * The Files port on CloudBase cloud storage. Uploads go under `gradphoto/` (the storage rules make it
 * server-only); links are `getTempFileURL` links with the asked lifetime.
 */
export class CloudbaseFiles implements Files {
  constructor(private readonly storage: StorageApi) {}

  async put(data: Buffer, options: { contentType: string }): Promise<string> {
    const ext = TYPES.find(([, type]) => type === options.contentType)?.[0] ?? 'bin';
    const name = randomBytes(12).toString('hex');
    const { fileID } = await this.storage.uploadFile({ cloudPath: `gradphoto/${name.slice(0, 2)}/${name}.${ext}`, fileContent: data });
    return fileID;
  }

  /** Cloud storage takes whole bodies; the stream is collected first (exports stay well under a function's memory). */
  async putStream(source: Readable, options: { contentType: string }): Promise<{ fileId: string; bytes: number }> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    const data = Buffer.concat(chunks);
    return { fileId: await this.put(data, options), bytes: data.length };
  }

  async get(fileId: string): Promise<{ data: Buffer; contentType: string } | null> {
    const match = FILE_ID.exec(fileId);
    if (!match) return null;
    try {
      const { fileContent } = await this.storage.downloadFile({ fileID: fileId });
      if (fileContent === undefined) return null;
      const data = Buffer.isBuffer(fileContent) ? fileContent : Buffer.from(fileContent, 'binary');
      return { data, contentType: TYPES.find(([ext]) => ext === match[1])?.[1] ?? 'application/octet-stream' };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(fileId: string): Promise<void> {
    if (!FILE_ID.test(fileId)) return;
    const { fileList } = await this.storage.deleteFile({ fileList: [fileId] });
    const code = fileList[0]?.code ?? 'SUCCESS';
    if (code !== 'SUCCESS' && !MISSING.test(code)) throw new Error(`删除文件失败：${code}`);
  }

  async url(fileId: string, ttlSeconds: number): Promise<string> {
    if (!FILE_ID.test(fileId)) throw new Error(`not a file of this application: ${fileId}`);
    const { fileList } = await this.storage.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: ttlSeconds }] });
    const entry = fileList[0];
    if (!entry || entry.code !== 'SUCCESS') throw new Error(`获取文件链接失败：${entry?.code ?? 'EMPTY'}`);
    return entry.tempFileURL;
  }
}
