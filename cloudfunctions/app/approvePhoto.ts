import { AppError } from '../contracts/errors';
import type { PhotoView } from '../contracts/views';
import type { AppDeps, Caller } from './deps';
import { pushNotification, recordNotification } from './notifications';
import { requireReviewer, reviewablePhoto } from './reviewerAccess';
import { processIfSettled } from './startProcessing';
import { transitionPhoto } from './transitionPhoto';
import { photoView } from './views';

/**
 * `review.approve`: pending_review → approved, and on to processing when the fee is settled. A
 * conditional transition: when two reviewers decide at once exactly one wins, the other gets INVALID_STATE.
 */
export async function approvePhoto(deps: AppDeps, caller: Caller, photoId: string): Promise<{ photo: PhotoView }> {
  const { db, clock } = deps;
  const user = await requireReviewer(db, caller);
  await reviewablePhoto(db, user, photoId);
  const { photo, notice } = await db.transaction(async (tx) => {
    const current = await tx.collection('photos').get(photoId);
    if (!current) throw new AppError('NOT_FOUND', '找不到该照片');
    const approved = await transitionPhoto(tx, deps, {
      photo: current,
      event: 'approve',
      actor: user.openid,
      set: { reviewedAt: clock.now(), reviewer: user.openid },
    });
    const after = await processIfSettled(tx, deps, approved, '费用已结清');
    const notice = await recordNotification(tx, deps, {
      openid: approved.openid,
      kind: 'review_approved',
      title: '照片审核通过',
      body: after.state === 'processing' ? '您的毕业照片已审核通过，等待学校导出' : '您的毕业照片已审核通过，请缴纳采集费用',
      enrollmentId: approved.enrollmentId,
      entityId: approved.id,
    });
    return { photo: after, notice };
  });
  await pushNotification(deps.notify, notice);
  return { photo: await photoView(deps.files, photo) };
}
