import type { MatteVariant } from '../contracts/enums';
import type { CheckCode, PhotoReport } from '../contracts/report';

/**
 * 「重新制作」 (flows.md step 4): the student thinks the background replacement went wrong, so the standard
 * photo is made again with the engine's other segmentation. It charges no free check (the student's photo
 * was fine, our cut-out was not), but each photo has only so many.
 */
export const MAX_REMAKES = 5;

/** Remakes this photo has left (failed attempts count too). */
export function remakesLeft(photo: { remakes?: number }): number {
  return Math.max(0, MAX_REMAKES - (photo.remakes ?? 0));
}

/** A remake switches to the other variant, so a second remake goes back to the first result. */
export function otherMatte(current: MatteVariant | undefined): MatteVariant {
  return (current ?? 'standard') === 'standard' ? 'alternate' : 'standard';
}

/**
 * Checks judged on the uploaded file itself (its metadata and compression), which a remake cannot judge
 * again: it starts from the stored copy, re-encoded without metadata.
 */
const UPLOAD_CHECKS: readonly CheckCode[] = ['EDITED_SOFTWARE', 'JPEG_ARTIFACTS'];

/**
 * The report a remade photo keeps: the remake's checks and output measurements, with the upload's own
 * checks and perceptual hash carried over from the first report, so a warning about editing software
 * (and the same-photo index) survives the remake.
 */
export function remadeReport(first: PhotoReport, remade: PhotoReport): PhotoReport {
  const fromUpload = (code: CheckCode) => (UPLOAD_CHECKS.includes(code) ? first.checks?.find((check) => check.code === code) : undefined);
  const checks = remade.checks?.map((check) => fromUpload(check.code) ?? check);
  return { ...remade, checks, phash: first.phash ?? remade.phash };
}

/** Why a remake was not kept, for the student: what the new cut-out failed. */
export function remakeFailedMessage(remade: PhotoReport): string {
  const reasons = (remade.checks ?? []).filter((check) => check.status === 'fail').map((check) => check.message);
  const why = reasons.length > 0 ? `（${reasons.join('；')}）` : '';
  return `重新制作未成功，已保留原来的标准照${why}。可以直接提交这张照片，或重新拍摄上传。`;
}
