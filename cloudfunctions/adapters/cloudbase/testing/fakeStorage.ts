import type { StorageApi } from '../cloudbaseFiles';

/** The SDK's error type is recognised by its class name; the fake throws one of the same name. */
export class TcbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Cloud storage as the SDK presents it (file ids `cloud://<env>.<bucket>/<path>`, per-file result codes,
 * a missing file reported as STORAGE_FILE_NONEXIST), kept in memory. Never shipped.
 */
export class FakeStorage implements StorageApi {
  readonly objects = new Map<string, Buffer>();
  private readonly prefix = 'cloud://fake-env.6661-fake-env-1250000000/';

  async uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }> {
    const fileID = this.prefix + options.cloudPath;
    this.objects.set(fileID, Buffer.from(options.fileContent));
    return { fileID };
  }

  async downloadFile(options: { fileID: string }): Promise<{ fileContent?: Buffer }> {
    const data = this.objects.get(options.fileID);
    if (!data) throw new TcbError('STORAGE_FILE_NONEXIST', 'file not exist');
    return { fileContent: Buffer.from(data) };
  }

  async deleteFile(options: { fileList: string[] }): Promise<{ fileList: { code: string; fileID: string }[] }> {
    return {
      fileList: options.fileList.map((fileID) => ({ fileID, code: this.objects.delete(fileID) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' })),
    };
  }

  async getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }) {
    return {
      fileList: options.fileList.map(({ fileID, maxAge }) => {
        const path = fileID.slice(this.prefix.length);
        return this.objects.has(fileID)
          ? { fileID, code: 'SUCCESS', tempFileURL: `https://6661-fake-env-1250000000.tcb.qcloud.la/${path}?sign=fake&t=${maxAge}` }
          : { fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' };
      }),
    };
  }
}
