import type { BatchDoc, PhotoDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { ReviewItemView } from '../contracts/review';
import { isReviewOverdue } from '../domain/review';
import type { Db } from '../ports/db';
import type { Files } from '../ports/files';
import { photoView } from './views';

/** Batches looked up once per request: a queue page mostly shows photos of a few batches. */
export function batchLookup(db: Db): (batchId: string | undefined) => Promise<BatchDoc | null> {
  const cache = new Map<string, Promise<BatchDoc | null>>();
  return (batchId) => {
    if (!batchId) return Promise.resolve(null);
    let batch = cache.get(batchId);
    if (!batch) cache.set(batchId, (batch = db.collection('batches').get(batchId)));
    return batch;
  };
}

/** A photo as the review screen shows it: both pictures, the report, the student's data, flags, overdue. */
export async function reviewItem(
  deps: { db: Db; files: Files },
  photo: PhotoDoc,
  batch: BatchDoc | null,
  now: number,
): Promise<ReviewItemView> {
  const enrollment = await deps.db.collection('enrollments').get(photo.enrollmentId);
  if (!enrollment) throw new AppError('INTERNAL');
  const { code } = enrollment;
  return {
    photo: await photoView(deps.files, photo),
    student: {
      enrollmentId: enrollment.id,
      codeNumber: code.number,
      nameMasked: code.nameMasked,
      idMasked: code.idMasked,
      schoolName: code.schoolName,
      level: code.level,
      major: code.major,
    },
    batch: batch ? { id: batch.id, code: batch.code, name: batch.name } : undefined,
    flags: photo.flags ?? [],
    overdue: photo.state === 'pending_review' && photo.submittedAt !== undefined && isReviewOverdue(photo.submittedAt, batch?.reviewHours, now),
  };
}
