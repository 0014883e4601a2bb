import type { EnrollmentDoc, PhotoDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { EnrollmentStatus, EnrollmentView } from '../contracts/views';
import { ACTIVE_SUBMISSION_STATES, isActiveSubmission } from '../domain/submission';
import type { Db } from '../ports/db';
import { batchView, enrollmentView } from './views';

/** An enrolment's photos, newest first. */
export function photosOf(db: Db, enrollmentId: string): Promise<PhotoDoc[]> {
  return db.collection('photos').find({ where: { enrollmentId }, orderBy: [['createdAt', 'desc'], ['id', 'desc']] });
}

/** Whether one of the enrolment's photos is under review or beyond: its photo is taken. */
export async function hasActiveSubmission(db: Db, enrollmentId: string): Promise<boolean> {
  return (await db.collection('photos').count({ enrollmentId, state: { $in: [...ACTIVE_SUBMISSION_STATES] } })) > 0;
}

export const underReview = () => new AppError('INVALID_STATE', '该学历已有照片在审核中或已通过，如需重新检测请先撤回');

/** The photo that stands for the enrolment: the one submitted (under review or beyond), else the newest. */
export function currentPhoto(photos: readonly PhotoDoc[]): PhotoDoc | null {
  return photos.find((photo) => isActiveSubmission(photo.state)) ?? photos[0] ?? null;
}

export function enrollmentStatus(current: PhotoDoc | null): EnrollmentStatus {
  return current?.state ?? 'awaiting_photo';
}

/** The enrolment as clients see it, with its batch and the status of its current photo. */
export async function describeEnrollment(db: Db, enrollment: EnrollmentDoc, photos: readonly PhotoDoc[]): Promise<EnrollmentView> {
  const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  return enrollmentView(enrollment, enrollmentStatus(currentPhoto(photos)), batch ? await batchView(db, batch) : undefined);
}
