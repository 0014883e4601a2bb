import type { BatchDoc, EnrollmentDoc, PhotoDoc, RosterDoc } from '../contracts/documents';
import type { PhotoState } from '../contracts/enums';
import type { EnrollmentStatus } from '../contracts/views';
import { rosterIndex } from '../domain/rosterMatch';
import type { Db } from '../ports/db';
import { currentPhoto, enrollmentStatus } from './enrollmentPhotos';

/** Enrolments read per query: a page of ids fits one `$in`. */
export const PAGE = 200;

/** One enrolment of a batch with its current photo and its roster entry (when on the roster). */
export interface BatchMember {
  enrollment: EnrollmentDoc;
  photo: PhotoDoc | null;
  status: EnrollmentStatus;
  roster?: RosterDoc;
}

/**
 * A batch's enrolments, a page at a time (in creation order), each with its current photo and roster
 * entry: what progress and export walk through without loading the whole batch at once. With
 * `photoStates`, only photos in those states are read (an export needs no rejected attempts).
 */
export async function* batchMembers(
  db: Db,
  batch: BatchDoc,
  roster: readonly RosterDoc[],
  options: { photoStates?: readonly PhotoState[] } = {},
): AsyncGenerator<BatchMember[]> {
  const findEntry = rosterIndex(roster);
  for (let skip = 0; ; skip += PAGE) {
    const enrollments = await db.collection('enrollments').find({ where: { batchId: batch.id }, orderBy: [['createdAt', 'asc'], ['id', 'asc']], skip, limit: PAGE });
    if (enrollments.length === 0) return;
    const photos = await db.collection('photos').find({
      where: {
        enrollmentId: { $in: enrollments.map((enrollment) => enrollment.id) },
        ...(options.photoStates ? { state: { $in: [...options.photoStates] } } : {}),
      },
      orderBy: [['createdAt', 'desc'], ['id', 'desc']],
    });
    const byEnrollment = new Map<string, PhotoDoc[]>();
    for (const photo of photos) byEnrollment.set(photo.enrollmentId, [...(byEnrollment.get(photo.enrollmentId) ?? []), photo]);
    yield enrollments.map((enrollment) => {
      const photo = currentPhoto(byEnrollment.get(enrollment.id) ?? []);
      return { enrollment, photo, status: enrollmentStatus(photo), roster: findEntry(enrollment.code) };
    });
    if (enrollments.length < PAGE) return;
  }
}
