import { AppError } from '../contracts/errors';
import type { PhotoView } from '../contracts/views';
import { assertBatchOpen } from '../domain/batchWindow';
import { ACTIVE_SUBMISSION_STATES } from '../domain/submission';
import type { AppDeps, Caller } from './deps';
import { ownEnrollment, ownPhoto } from './ownership';
import { transitionPhoto } from './transitionPhoto';
import { photoView } from './views';

/**
 * `student.submitPhoto`: sends a passing photo for review (提交审核). One photo per enrolment can be
 * under review or beyond; the check and the move happen in one transaction.
 */
export async function submitPhoto(deps: AppDeps, caller: Caller, photoId: string): Promise<{ photo: PhotoView }> {
  const { db } = deps;
  const found = await ownPhoto(db, caller, photoId);
  if (found.verdict !== 'pass') throw new AppError('PHOTO_NOT_PASSING');
  const enrollment = await ownEnrollment(db, caller, found.enrollmentId);
  const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  assertBatchOpen(batch, deps.clock.now());
  const photo = await db.transaction(async (tx) => {
    const current = await tx.collection('photos').get(photoId);
    if (!current) throw new AppError('NOT_FOUND', '找不到该照片');
    const active = await tx.collection('photos').count({ enrollmentId: current.enrollmentId, state: { $in: [...ACTIVE_SUBMISSION_STATES] } });
    if (active > 0 && current.state === 'checked') throw new AppError('INVALID_STATE', '该学历已有照片在审核中或已通过，如需更换请先撤回');
    return transitionPhoto(tx, deps, { photo: current, event: 'submit', actor: caller.openid, set: { submittedAt: deps.clock.now() } });
  });
  return { photo: await photoView(deps.files, photo) };
}
