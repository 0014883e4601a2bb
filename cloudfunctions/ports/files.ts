/** Blob storage: local `.data/files/`, CloudBase cloud storage. Files are private; URLs are short-lived. */
export interface Files {
  /** Stores the bytes durably before resolving; returns the new file id. */
  put(data: Buffer, options: { contentType: string }): Promise<string>;
  get(fileId: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(fileId: string): Promise<void>;
  /** A URL that serves the file to whoever holds it, for `ttlSeconds`. */
  url(fileId: string, ttlSeconds: number): Promise<string>;
}
