/** A photo or 采集码 image to upload: a temp file path on weapp, a picked File/Blob on h5. */
export type UploadSource = string | Blob

/** How a call reaches the backend; one per platform, picked at build time in ./index. */
export interface Transport {
  /** Sends `{action, input}` to a function; resolves with the envelope's data or throws an ApiError. */
  invoke(fn: string, request: { action: string; input: unknown }, token: string | null): Promise<unknown>
  /** Uploads a file the caller owns; resolves with its fileId. */
  upload(source: UploadSource, token: string | null, onProgress: (ratio: number) => void): Promise<string>
}
