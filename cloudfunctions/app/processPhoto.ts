import { AppError } from '../contracts/errors';
import type { Files } from '../ports/files';
import type { ImagingRequest, ImagingResult, PhotoEngine } from '../ports/imaging';

/**
 * The `imaging` function's work: runs the engine on a stored upload, stores a copy of the upload
 * without metadata (the engine has seen the original's metadata, e.g. an editing app's name) and,
 * for a passing photo, the standard photo. Stores no records: the caller commits them with the photo.
 */
export async function processPhoto(deps: { files: Files; engine: PhotoEngine }, request: ImagingRequest): Promise<ImagingResult> {
  const source = await deps.files.get(request.sourceFileId);
  if (!source) throw new AppError('NOT_FOUND', '找不到该文件，请重新上传');
  const { report, jpeg } = await deps.engine.make(source.data, {
    background: request.background,
    size: request.size,
    fileSizeKB: request.fileSizeKB,
  });
  if (report.verdict === 'error') return { report };
  const stripped = await deps.engine.strip(source.data);
  const store = async (data: Buffer, contentType: string) => ({ fileId: await deps.files.put(data, { contentType }), contentType, bytes: data.length });
  return {
    report,
    original: await store(stripped.data, stripped.contentType),
    standard: jpeg ? await store(jpeg, 'image/jpeg') : undefined,
  };
}
