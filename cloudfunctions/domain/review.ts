import type { ReviewFlag } from '../contracts/enums';
import type { PhotoReport } from '../contracts/report';

const HOUR = 60 * 60 * 1000;

/** The review promise when a batch does not set one (flows.md: 48 h). */
export const DEFAULT_REVIEW_HOURS = 48;
/** Hours a rejected student has to resubmit when the enrolment has no batch (walk-in). */
export const DEFAULT_RESUBMIT_HOURS = 48;

/** Whether a photo submitted at `submittedAt` is past the review promise at `now`. */
export function isReviewOverdue(submittedAt: number, reviewHours: number | undefined, now: number): boolean {
  return now - submittedAt > (reviewHours ?? DEFAULT_REVIEW_HOURS) * HOUR;
}

/** Submitted before this time means overdue at `now` (for counting with one range query). */
export function overdueBefore(reviewHours: number | undefined, now: number): number {
  return now - (reviewHours ?? DEFAULT_REVIEW_HOURS) * HOUR;
}

export function resubmitDeadline(rejectedAt: number, resubmitHours: number | undefined): number {
  return rejectedAt + (resubmitHours ?? DEFAULT_RESUBMIT_HOURS) * HOUR;
}

export const DUPLICATE_FLAG_MESSAGE = '与其他学生的照片相同或高度相似';

/**
 * The automatic flags of a checked photo: every check the engine only warned about, and DUPLICATE when
 * it matches another student's photo. Flagged photos are never approved in bulk.
 */
export function reviewFlags(report: PhotoReport, samePhotoAs: string | null): ReviewFlag[] {
  const warnings = (report.checks ?? []).filter((check) => check.status === 'warn').map((check) => ({ code: check.code, message: check.message }));
  return samePhotoAs ? [{ code: 'DUPLICATE', message: DUPLICATE_FLAG_MESSAGE, photoId: samePhotoAs }, ...warnings] : warnings;
}
