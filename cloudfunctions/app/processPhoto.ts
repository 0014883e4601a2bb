import { AppError } from '../contracts/errors';
import type { Files } from '../ports/files';
import type { ImagingRequest, ImagingResult, MakeOptions, PhotoEngine, RemakeRequest, RemakeResult } from '../ports/imaging';

type ImagingDeps = { files: Files; engine: PhotoEngine };

const makeOptions = (request: ImagingRequest): MakeOptions => ({ background: request.background, size: request.size, fileSizeKB: request.fileSizeKB });

async function stored(files: Files, fileId: string): Promise<Buffer> {
  const source = await files.get(fileId);
  if (!source) throw new AppError('NOT_FOUND', '找不到该文件，请重新上传');
  return source.data;
}

async function store(files: Files, data: Buffer, contentType: string) {
  return { fileId: await files.put(data, { contentType }), contentType, bytes: data.length };
}

/**
 * The `imaging` function's work: runs the engine on a stored upload, stores a copy of the upload
 * without metadata (the engine has seen the original's metadata, e.g. an editing app's name) and,
 * for a passing photo, the standard photo. Stores no records: the caller commits them with the photo.
 */
export async function processPhoto(deps: ImagingDeps, request: ImagingRequest): Promise<ImagingResult> {
  const source = await stored(deps.files, request.sourceFileId);
  const { report, jpeg } = await deps.engine.make(source, makeOptions(request));
  if (report.verdict === 'error') return { report };
  const stripped = await deps.engine.strip(source);
  return {
    report,
    original: await store(deps.files, stripped.data, stripped.contentType),
    standard: jpeg ? await store(deps.files, jpeg, 'image/jpeg') : undefined,
  };
}

/**
 * 「重新制作」 in the `imaging` function: the standard photo again from a photo's stored original (already
 * metadata-free) with the requested matte variant. Only a passing result is stored; the caller swaps it in.
 */
export async function remakeStandard(deps: ImagingDeps, request: RemakeRequest): Promise<RemakeResult> {
  const source = await stored(deps.files, request.sourceFileId);
  const { report, jpeg } = await deps.engine.make(source, { ...makeOptions(request), matte: request.matte });
  if (report.verdict !== 'pass' || !jpeg) return { report };
  return { report, standard: await store(deps.files, jpeg, 'image/jpeg') };
}
