import type { BatchDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { SchoolBatchView } from '../contracts/school';
import { DEFAULT_EXPORT_KEY } from '../domain/exportNames';
import { DEFAULT_REVIEW_HOURS } from '../domain/review';
import type { Files } from '../ports/files';
import { URL_TTL_SECONDS } from './deps';

/** A batch as its school sees it, with a short-lived link to its QR code. */
export async function schoolBatchView(files: Files, batch: BatchDoc): Promise<SchoolBatchView> {
  if (!batch.qrFileId) throw new AppError('INTERNAL', '该批次缺少二维码，请联系平台');
  return {
    id: batch.id,
    code: batch.code,
    qrUrl: await files.url(batch.qrFileId, URL_TTL_SECONDS),
    schoolId: batch.schoolId,
    name: batch.name,
    kind: batch.kind,
    startsAt: batch.startsAt,
    endsAt: batch.endsAt,
    payer: batch.payer,
    priceFen: batch.priceFen,
    freeChecks: batch.freeChecks,
    background: batch.background,
    size: batch.size,
    fileSizeKB: batch.fileSizeKB,
    reviewHours: batch.reviewHours ?? DEFAULT_REVIEW_HOURS,
    resubmitHours: batch.resubmitHours,
    exportKey: batch.exportKey ?? DEFAULT_EXPORT_KEY,
    hasRoster: batch.hasRoster,
    createdAt: batch.createdAt,
  };
}
