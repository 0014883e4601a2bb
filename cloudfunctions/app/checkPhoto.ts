import type { BatchDoc, PhotoDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { ActionOutput } from '../contracts';
import { assertBatchOpen } from '../domain/batchWindow';
import { photoSpecOf } from '../domain/photoSpec';
import { checksLeft } from '../domain/quota';
import type { AppDeps, Caller } from './deps';
import { engineFileDoc } from './engineFiles';
import { hasActiveSubmission, underReview } from './enrollmentPhotos';
import { ownEnrollment, ownFile } from './ownership';
import { photoHashEntry, reviewFacts } from './samePhoto';
import { photoView } from './views';

const quotaExceeded = (freeChecks: number) => new AppError('QUOTA_EXCEEDED', `免费检测次数已用完（每个学历${freeChecks}次）`);

/**
 * `student.checkPhoto`: runs the photo engine on an upload and records the photo (state `checked`,
 * with the engine's report and the standard photo when it passes). The free check is charged in the
 * same transaction that records the photo, by a conditional increment, so concurrent checks can never
 * exceed the quota and a crash never charges a check without its photo.
 */
export async function checkPhoto(
  deps: AppDeps,
  caller: Caller,
  input: { enrollmentId: string; fileId: string },
): Promise<ActionOutput<'student', 'checkPhoto'>> {
  const { db, files, clock } = deps;
  const enrollment = await ownEnrollment(db, caller, input.enrollmentId);
  const upload = await ownFile(db, caller, input.fileId, ['upload']);
  const batch: BatchDoc | null = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  assertBatchOpen(batch, clock.now());
  if (checksLeft(enrollment) === 0) throw quotaExceeded(enrollment.freeChecks);
  if (await hasActiveSubmission(db, enrollment.id)) throw underReview();

  const result = await deps.imaging.process({ sourceFileId: upload.id, owner: caller.openid, ...photoSpecOf(batch) });
  const { report, original, standard } = result;
  if (report.verdict === 'error' || !original) {
    const code = report.error?.code ?? 'FILE_UNSUPPORTED';
    throw new AppError(code, report.error?.message);
  }

  const now = clock.now();
  const photo: PhotoDoc = {
    id: deps.ids.next(),
    enrollmentId: enrollment.id,
    openid: caller.openid,
    state: 'checked',
    verdict: report.verdict,
    report,
    originalFileId: original.fileId,
    standardFileId: standard?.fileId,
    phash: report.phash,
    ...(await reviewFacts(db, enrollment, batch, report)),
    createdAt: now,
    updatedAt: now,
  };
  let left: number;
  try {
    left = await db.transaction(async (tx) => {
      const charged = await tx
        .collection('enrollments')
        .update({ id: enrollment.id, checksUsed: { $lt: enrollment.freeChecks } }, { inc: { checksUsed: 1 } });
      if (charged !== 1) throw quotaExceeded(enrollment.freeChecks);
      if (await hasActiveSubmission(tx, enrollment.id)) throw underReview();
      await tx.collection('files').insert(engineFileDoc(original, caller.openid, 'original', now));
      if (standard) await tx.collection('files').insert(engineFileDoc(standard, caller.openid, 'standard', now));
      await tx.collection('photos').insert(photo);
      if (report.phash) await tx.collection('photoHashes').insert(photoHashEntry(photo, enrollment, report.phash));
      await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: caller.openid, entity: 'photo', entityId: photo.id, event: 'check', to: 'checked', note: report.verdict });
      const after = await tx.collection('enrollments').get(enrollment.id);
      return after ? checksLeft(after) : 0;
    });
  } catch (error) {
    await Promise.all([files.delete(original.fileId), standard ? files.delete(standard.fileId) : undefined]);
    throw error;
  }
  // The metadata-free copy replaces the raw upload, which is not kept.
  await db.collection('files').remove({ id: upload.id });
  await files.delete(upload.id);
  return { photo: { ...(await photoView(files, photo)), checksLeft: left } };
}
