import type { ActionOutput } from '../contracts';
import type { AppDeps, Caller } from './deps';
import { photosOf } from './enrollmentPhotos';
import { requireReviewer, reviewablePhoto } from './reviewerAccess';
import { reviewItem } from './reviewItem';
import { auditView, photoView } from './views';

/** `review.photo`: one photo in full, with the student's earlier attempts (newest first) and its history. */
export async function reviewPhoto(deps: AppDeps, caller: Caller, photoId: string): Promise<ActionOutput<'review', 'photo'>> {
  const { db } = deps;
  const user = await requireReviewer(db, caller);
  const photo = await reviewablePhoto(db, user, photoId);
  const batch = photo.batchId ? await db.collection('batches').get(photo.batchId) : null;
  const others = (await photosOf(db, photo.enrollmentId)).filter((other) => other.id !== photo.id);
  const history = await db.collection('audit').find({ where: { entityId: photo.id }, orderBy: [['id', 'asc']] });
  return {
    item: await reviewItem(deps, photo, batch, deps.clock.now()),
    attempts: await Promise.all(others.map((other) => photoView(deps.files, other))),
    history: history.map(auditView),
  };
}
