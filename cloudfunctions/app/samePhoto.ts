import type { BatchDoc, EnrollmentDoc, PhotoDoc, PhotoHashDoc } from '../contracts/documents';
import type { PhotoReport } from '../contracts/report';
import { reviewFlags } from '../domain/review';
import { closestSamePhoto } from '../domain/samePhoto';
import type { Db } from '../ports/db';

/**
 * The same-photo index: the engine's perceptual hash of every judged photo, keyed by the school of the
 * 采集码. A new photo is compared with the other students' photos of the same school — where a shared or
 * borrowed photo turns up — by Hamming distance (domain/samePhoto).
 */
export async function findSamePhoto(db: Db, enrollment: EnrollmentDoc, phash: string): Promise<PhotoHashDoc | null> {
  const hashes = await db.collection('photoHashes').find({ where: { schoolCode: enrollment.code.schoolCode } });
  return closestSamePhoto(phash, hashes.filter((entry) => entry.openid !== enrollment.openid));
}

export function photoHashEntry(photo: PhotoDoc, enrollment: EnrollmentDoc, phash: string): PhotoHashDoc {
  return { id: photo.id, schoolCode: enrollment.code.schoolCode, openid: photo.openid, enrollmentId: photo.enrollmentId, phash, createdAt: photo.createdAt };
}

/**
 * What a new photo records for review besides the engine's report: its school and batch (the queue's
 * scope) and its automatic flags, DUPLICATE included when it matches another student's photo.
 */
export async function reviewFacts(
  db: Db,
  enrollment: EnrollmentDoc,
  batch: BatchDoc | null,
  report: PhotoReport,
): Promise<Pick<PhotoDoc, 'schoolId' | 'batchId' | 'flags' | 'flagged'>> {
  const same = report.phash ? await findSamePhoto(db, enrollment, report.phash) : null;
  const [school] = batch ? [] : await db.collection('schools').find({ where: { code: enrollment.code.schoolCode }, limit: 1 });
  const flags = reviewFlags(report, same?.id ?? null);
  return { schoolId: batch?.schoolId ?? school?.id, batchId: batch?.id, flags, flagged: flags.length > 0 };
}
