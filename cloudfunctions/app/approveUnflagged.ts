import { isAppError } from '../contracts/errors';
import type { ActionOutput } from '../contracts';
import { approvePhoto } from './approvePhoto';
import type { AppDeps, Caller } from './deps';
import { requireReviewer } from './reviewerAccess';

type Result = ActionOutput<'review', 'approveUnflagged'>;

/**
 * `review.approveUnflagged` (批量通过): approves each listed photo that has no automatic flag, one
 * conditional transition at a time; flagged photos and those another reviewer decided first are skipped.
 */
export async function approveUnflagged(deps: AppDeps, caller: Caller, photoIds: string[]): Promise<Result> {
  await requireReviewer(deps.db, caller);
  const result: Result = { approved: [], skipped: [] };
  for (const photoId of new Set(photoIds)) {
    const photo = await deps.db.collection('photos').get(photoId);
    if (photo?.flagged) {
      result.skipped.push({ photoId, code: 'FLAGGED', message: '该照片有自动标记，请逐张审核' });
      continue;
    }
    try {
      await approvePhoto(deps, caller, photoId);
      result.approved.push(photoId);
    } catch (error) {
      if (!isAppError(error)) throw error;
      result.skipped.push({ photoId, code: error.code, message: error.message });
    }
  }
  return result;
}
