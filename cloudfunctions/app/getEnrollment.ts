import type { ActionOutput } from '../contracts';
import type { AppDeps, Caller } from './deps';
import { describeEnrollment, photosOf } from './enrollmentPhotos';
import { ownEnrollment } from './ownership';
import { auditView, photoView } from './views';

/** `student.getEnrollment`: one 学历 with every photo, newest first, and each photo's history of states. */
export async function getEnrollment(deps: AppDeps, caller: Caller, enrollmentId: string): Promise<ActionOutput<'student', 'getEnrollment'>> {
  const { db } = deps;
  const enrollment = await ownEnrollment(db, caller, enrollmentId);
  const photos = await photosOf(db, enrollment.id);
  return {
    enrollment: await describeEnrollment(db, enrollment, photos),
    photos: await Promise.all(
      photos.map(async (photo) => {
        const history = await db.collection('audit').find({ where: { entityId: photo.id }, orderBy: [['id', 'asc']] });
        return { ...(await photoView(deps.files, photo)), history: history.map(auditView) };
      }),
    ),
  };
}
