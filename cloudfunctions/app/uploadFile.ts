import type { FileDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AppDeps, Caller } from './deps';

/** The engine's own input limits (photo-standard.md FILE_TOO_LARGE), enforced before anything is stored. */
export const UPLOAD_LIMITS = { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000 } as const;

const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

/**
 * Stores a student's upload (a photo or a saved 采集码 image), private to them. The type is judged by
 * content, never by name; the record is written only once the bytes are durably stored, so an
 * acknowledged file id always resolves.
 */
export async function uploadFile(deps: Pick<AppDeps, 'db' | 'files' | 'probe' | 'clock'>, caller: Caller, data: Buffer): Promise<{ fileId: string }> {
  if (data.length > UPLOAD_LIMITS.maxBytes) throw new AppError('FILE_TOO_LARGE');
  const image = await deps.probe.probe(data);
  if (!image) throw new AppError('FILE_UNSUPPORTED');
  if (image.width * image.height > UPLOAD_LIMITS.maxPixels) throw new AppError('FILE_TOO_LARGE');
  const contentType = CONTENT_TYPES[image.format];
  const fileId = await deps.files.put(data, { contentType });
  const doc: FileDoc = {
    id: fileId,
    owner: caller.openid,
    kind: 'upload',
    contentType,
    bytes: data.length,
    width: image.width,
    height: image.height,
    createdAt: deps.clock.now(),
  };
  await deps.db.collection('files').insert(doc);
  return { fileId };
}
