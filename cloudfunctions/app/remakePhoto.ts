import type { ActionOutput } from '../contracts';
import type { PhotoDoc } from '../contracts/documents';
import { PHOTO_STATE_LABELS } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import { assertBatchOpen } from '../domain/batchWindow';
import { photoSpecOf } from '../domain/photoSpec';
import { checksLeft } from '../domain/quota';
import { MAX_REMAKES, otherMatte, remadeReport, remakeFailedMessage, remakesLeft } from '../domain/remake';
import type { AppDeps, Caller } from './deps';
import { engineFileDoc } from './engineFiles';
import { hasActiveSubmission, underReview } from './enrollmentPhotos';
import { ownEnrollment, ownPhoto } from './ownership';
import { reviewFacts } from './samePhoto';
import { photoView } from './views';

const MATTE_NOTES = { alternate: '换用另一种抠图方式', standard: '换回原来的抠图方式' } as const;

/**
 * `student.remakePhoto` (「重新制作」): makes a passing, not yet submitted photo's standard photo again from
 * its stored original with the engine's other matte variant. Charges no free check, but each attempt
 * counts against MAX_REMAKES. A remake that does not pass changes nothing (REMAKE_FAILED); one that passes
 * replaces the standard photo, its report and flags in one transaction with an audit entry, and only then
 * is the old file deleted — a lost race deletes the new file instead, so a photo never loses its standard photo.
 */
export async function remakePhoto(deps: AppDeps, caller: Caller, photoId: string): Promise<ActionOutput<'student', 'remakePhoto'>> {
  const { db, files, clock } = deps;
  const photo = await ownPhoto(db, caller, photoId);
  if (photo.state !== 'checked') {
    throw new AppError('INVALID_STATE', `照片当前状态为「${PHOTO_STATE_LABELS[photo.state]}」，只有尚未提交审核的照片可以重新制作`);
  }
  const previous = photo.standardFileId;
  if (photo.verdict !== 'pass' || !previous) throw new AppError('PHOTO_NOT_PASSING', '照片未通过检测，不能重新制作，请按提示重新拍摄上传');
  const enrollment = await ownEnrollment(db, caller, photo.enrollmentId);
  const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  assertBatchOpen(batch, clock.now());
  if (await hasActiveSubmission(db, enrollment.id)) throw underReview();

  const used = photo.remakes ?? 0;
  if (remakesLeft(photo) === 0) {
    throw new AppError('QUOTA_EXCEEDED', `这张照片已重新制作${MAX_REMAKES}次，不能再重新制作；可以提交当前的标准照，或重新拍摄上传`);
  }
  // The attempt is counted before the engine runs, by a conditional update on the count just read, so
  // concurrent taps can never make more than MAX_REMAKES attempts between them.
  const counted = await db.collection('photos').update({ id: photo.id, state: 'checked', remakes: photo.remakes ?? { $exists: false } }, { set: { remakes: used + 1 } });
  if (counted !== 1) throw new AppError('CONFLICT', '这张照片正在重新制作或状态已变化，请稍后刷新再试');

  const matte = otherMatte(photo.matte);
  const { report, standard } = await deps.imaging.remake({ sourceFileId: photo.originalFileId, owner: caller.openid, ...photoSpecOf(batch), matte });
  if (!standard) throw new AppError('REMAKE_FAILED', remakeFailedMessage(report));

  const now = clock.now();
  const kept = remadeReport(photo.report, report);
  const { flags, flagged } = await reviewFacts(db, enrollment, batch, kept);
  const set: Partial<PhotoDoc> = { report: kept, standardFileId: standard.fileId, matte, flags, flagged, updatedAt: now };
  try {
    await db.transaction(async (tx) => {
      const swapped = await tx.collection('photos').update({ id: photo.id, state: 'checked', standardFileId: previous }, { set });
      if (swapped !== 1) throw new AppError('INVALID_STATE', '照片状态已变化（可能已提交审核或已重新制作），请刷新后重试');
      await tx.collection('files').insert(engineFileDoc(standard, caller.openid, 'standard', now));
      await tx.collection('files').remove({ id: previous });
      await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: caller.openid, entity: 'photo', entityId: photo.id, event: 'remake', note: MATTE_NOTES[matte] });
    });
  } catch (error) {
    await files.delete(standard.fileId);
    throw error;
  }
  await files.delete(previous);
  const remade = await db.collection('photos').get(photo.id);
  if (!remade) throw new AppError('NOT_FOUND', '找不到该照片');
  return { photo: { ...(await photoView(files, remade)), checksLeft: checksLeft(enrollment) } };
}
