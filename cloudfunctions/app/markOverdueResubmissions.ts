import type { AppDeps } from './deps';
import { currentPhoto, photosOf } from './enrollmentPhotos';
import { pushNotification, recordNotification, type StudentNotice } from './notifications';

/**
 * `timers.markOverdueResubmissions`: an enrolment whose rejected photo passed its resubmission deadline
 * without a new submission is marked overdue (逾期) once, and the student is told.
 */
export async function markOverdueResubmissions(deps: AppDeps): Promise<{ marked: number }> {
  const { db, clock } = deps;
  const now = clock.now();
  const late = await db.collection('photos').find({ where: { state: 'rejected', resubmitBy: { $lt: now } }, orderBy: [['resubmitBy', 'asc']], limit: 1000 });
  let marked = 0;
  for (const enrollmentId of new Set(late.map((photo) => photo.enrollmentId))) {
    const notice = await db.transaction(async (tx) => {
      const current = currentPhoto(await photosOf(tx, enrollmentId));
      // Still waiting on the rejected photo: no newer photo submitted (or checked) since.
      if (current?.state !== 'rejected' || current.resubmitBy === undefined || current.resubmitBy >= now) return null;
      const changed = await tx.collection('enrollments').update({ id: enrollmentId, resubmitOverdueAt: { $exists: false } }, { set: { resubmitOverdueAt: now } });
      if (changed !== 1) return null;
      await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: 'system', entity: 'enrollment', entityId: enrollmentId, event: 'resubmit_overdue' });
      const notice: StudentNotice = { openid: current.openid, kind: 'resubmit_overdue', title: '重新提交已逾期', body: '照片未在截止时间前重新提交，请联系学校', enrollmentId };
      return recordNotification(tx, deps, notice);
    });
    if (notice) {
      marked++;
      await pushNotification(deps.notify, notice);
    }
  }
  return { marked };
}
