import type { EnrollmentDoc, FileDoc, FileKind, PhotoDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { Db } from '../ports/db';
import type { Caller } from './deps';

/**
 * Loaders that return a record only to its owner. Someone else's record is reported exactly like a
 * missing one (NOT_FOUND), so ids cannot be probed for existence.
 */
export async function ownEnrollment(db: Db, caller: Caller, enrollmentId: string): Promise<EnrollmentDoc> {
  const enrollment = await db.collection('enrollments').get(enrollmentId);
  if (!enrollment || enrollment.openid !== caller.openid) throw new AppError('NOT_FOUND', '找不到该学历');
  return enrollment;
}

export async function ownPhoto(db: Db, caller: Caller, photoId: string): Promise<PhotoDoc> {
  const photo = await db.collection('photos').get(photoId);
  if (!photo || photo.openid !== caller.openid) throw new AppError('NOT_FOUND', '找不到该照片');
  return photo;
}

export async function ownFile(db: Db, caller: Caller, fileId: string, kinds: readonly FileKind[]): Promise<FileDoc> {
  const file = await db.collection('files').get(fileId);
  if (!file || file.owner !== caller.openid || !kinds.includes(file.kind)) throw new AppError('NOT_FOUND', '找不到该文件，请重新上传');
  return file;
}
