import type { PhotoDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AppDeps, Caller } from './deps';
import { currentPhoto, photosOf } from './enrollmentPhotos';
import { ownEnrollment } from './ownership';

/** The standard photo of the caller's enrolment once it is completed (已完成); anything earlier is INVALID_STATE. */
export async function completedPhoto(deps: AppDeps, caller: Caller, enrollmentId: string): Promise<PhotoDoc & { standardFileId: string }> {
  const enrollment = await ownEnrollment(deps.db, caller, enrollmentId);
  const photo = currentPhoto(await photosOf(deps.db, enrollment.id));
  if (photo?.state !== 'delivered' || !photo.standardFileId) throw new AppError('INVALID_STATE', '照片完成后才能下载或发送邮件');
  return { ...photo, standardFileId: photo.standardFileId };
}
