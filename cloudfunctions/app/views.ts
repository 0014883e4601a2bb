import type { AuditDoc, BatchDoc, EnrollmentDoc, OrderDoc, PhotoDoc } from '../contracts/documents';
import { REJECT_REASON_LABELS } from '../contracts/enums';
import type { AuditView, BatchView, EnrollmentStatus, EnrollmentView, OrderView, PhotoView } from '../contracts/views';
import { checksLeft } from '../domain/quota';
import { remakesLeft } from '../domain/remake';
import type { Db } from '../ports/db';
import type { Files } from '../ports/files';
import { URL_TTL_SECONDS } from './deps';

/** Documents → what clients see: no openids, no storage ids of originals, only short-lived URLs. */

export async function photoView(files: Files, photo: PhotoDoc): Promise<PhotoView> {
  return {
    id: photo.id,
    enrollmentId: photo.enrollmentId,
    state: photo.state,
    verdict: photo.verdict,
    checks: photo.report.checks ?? [],
    report: photo.report,
    standardUrl: photo.standardFileId ? await files.url(photo.standardFileId, URL_TTL_SECONDS) : undefined,
    originalUrl: await files.url(photo.originalFileId, URL_TTL_SECONDS),
    createdAt: photo.createdAt,
    updatedAt: photo.updatedAt,
    submittedAt: photo.submittedAt,
    rejectReasons: photo.rejectReasons?.map((code) => ({ code, label: REJECT_REASON_LABELS[code] })),
    rejectNote: photo.rejectNote,
    resubmitBy: photo.resubmitBy,
    remakesLeft: remakesLeft(photo),
  };
}

export function orderView(order: OrderDoc): OrderView {
  return { id: order.id, kind: order.kind, state: order.state, amountFen: order.amountFen, createdAt: order.createdAt };
}

export function auditView(entry: AuditDoc): AuditView {
  return { at: entry.at, event: entry.event, from: entry.from, to: entry.to, note: entry.note };
}

export async function batchView(db: Db, batch: BatchDoc): Promise<BatchView> {
  const school = await db.collection('schools').get(batch.schoolId);
  return {
    id: batch.id,
    code: batch.code,
    name: batch.name,
    kind: batch.kind,
    schoolName: school?.name ?? '',
    startsAt: batch.startsAt,
    endsAt: batch.endsAt,
    payer: batch.payer,
    priceFen: batch.priceFen,
  };
}

export function enrollmentView(enrollment: EnrollmentDoc, status: EnrollmentStatus, batch?: BatchView): EnrollmentView {
  return {
    id: enrollment.id,
    batchId: enrollment.batchId,
    code: enrollment.code,
    status,
    checksLeft: checksLeft(enrollment),
    batch,
    createdAt: enrollment.createdAt,
    resubmitOverdueAt: enrollment.resubmitOverdueAt,
  };
}
