import { REJECT_REASON_LABELS, type RejectReason } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { PhotoView } from '../contracts/views';
import { resubmitDeadline } from '../domain/review';
import type { AppDeps, Caller } from './deps';
import { pushNotification, recordNotification } from './notifications';
import { requireReviewer, reviewablePhoto } from './reviewerAccess';
import { transitionPhoto } from './transitionPhoto';
import { photoView } from './views';

/**
 * `review.reject`: pending_review → rejected with one or more reasons and a note; the student has the
 * batch's resubmission window (48 h by default) to upload a new photo and is told why.
 */
export async function rejectPhoto(
  deps: AppDeps,
  caller: Caller,
  input: { photoId: string; reasons: RejectReason[]; note?: string | undefined },
): Promise<{ photo: PhotoView }> {
  const { db, clock } = deps;
  const user = await requireReviewer(db, caller);
  const found = await reviewablePhoto(db, user, input.photoId);
  const batch = found.batchId ? await db.collection('batches').get(found.batchId) : null;
  const { photo, notice } = await db.transaction(async (tx) => {
    const current = await tx.collection('photos').get(input.photoId);
    if (!current) throw new AppError('NOT_FOUND', '找不到该照片');
    const now = clock.now();
    const rejected = await transitionPhoto(tx, deps, {
      photo: current,
      event: 'reject',
      actor: user.openid,
      note: input.reasons.join(','),
      set: {
        reviewedAt: now,
        reviewer: user.openid,
        rejectReasons: input.reasons,
        rejectNote: input.note || undefined,
        resubmitBy: resubmitDeadline(now, batch?.resubmitHours),
      },
    });
    const labels = input.reasons.map((reason) => REJECT_REASON_LABELS[reason]).join('；');
    const notice = await recordNotification(tx, deps, {
      openid: rejected.openid,
      kind: 'review_rejected',
      title: '照片审核未通过',
      body: `原因：${labels}${input.note ? `。${input.note}` : ''}。请在截止时间前重新上传`,
      enrollmentId: rejected.enrollmentId,
      entityId: rejected.id,
    });
    return { photo: rejected, notice };
  });
  await pushNotification(deps.notify, notice);
  return { photo: await photoView(deps.files, photo) };
}
