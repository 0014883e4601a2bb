import type { Readable } from 'node:stream';

/** Blob storage: local `.data/files/`, CloudBase cloud storage. Files are private; URLs are short-lived. */
export interface Files {
  /** Stores the bytes durably before resolving; returns the new file id. */
  put(data: Buffer, options: { contentType: string }): Promise<string>;
  /** Stores a stream as it flows (a large export never sits whole in memory), durably before resolving. */
  putStream(source: Readable, options: { contentType: string }): Promise<{ fileId: string; bytes: number }>;
  get(fileId: string): Promise<{ data: Buffer; contentType: string } | null>;
  delete(fileId: string): Promise<void>;
  /** A URL that serves the file to whoever holds it, for `ttlSeconds`. */
  url(fileId: string, ttlSeconds: number): Promise<string>;
}
