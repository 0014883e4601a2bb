import type { EnrollmentDoc, ErrataDoc } from '../contracts/documents';
import { ERRATA_FIELD_LABELS, ERRATA_STATUS_LABELS, type ErrataField } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { ErrataView } from '../contracts/studentCentre';
import type { AppDeps, Caller } from './deps';
import { ownEnrollment } from './ownership';

/** What the 采集码 shows for the field the student says is wrong. */
function shownValue(enrollment: EnrollmentDoc, field: ErrataField): string {
  const { code } = enrollment;
  const shown: Record<ErrataField, string> = {
    name: code.nameMasked,
    idNumber: code.idMasked,
    school: code.schoolName,
    level: code.level,
    major: code.major,
    gradYear: String(code.gradYear),
    other: '',
  };
  return shown[field];
}

export function errataView(doc: ErrataDoc): ErrataView {
  return {
    id: doc.id,
    enrollmentId: doc.enrollmentId,
    field: doc.field,
    fieldLabel: ERRATA_FIELD_LABELS[doc.field],
    shown: doc.shown,
    correct: doc.correct,
    note: doc.note,
    status: doc.status,
    statusLabel: ERRATA_STATUS_LABELS[doc.status],
    reply: doc.reply,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** `student.requestErrata` (勘误): one open request per field of an enrolment. */
export async function requestErrata(
  deps: AppDeps,
  caller: Caller,
  input: { enrollmentId: string; field: ErrataField; correct: string; note?: string | undefined },
): Promise<{ errata: ErrataView }> {
  const { db, clock } = deps;
  const enrollment = await ownEnrollment(db, caller, input.enrollmentId);
  const open = await db.collection('errata').count({ openid: caller.openid, enrollmentId: enrollment.id, field: input.field, status: { $in: ['submitted', 'processing'] } });
  if (open > 0) throw new AppError('CONFLICT', `「${ERRATA_FIELD_LABELS[input.field]}」已有处理中的勘误申请`);
  const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  const [school] = batch ? [] : await db.collection('schools').find({ where: { code: enrollment.code.schoolCode }, limit: 1 });
  const now = clock.now();
  const doc: ErrataDoc = {
    id: deps.ids.next(),
    openid: caller.openid,
    enrollmentId: enrollment.id,
    schoolId: batch?.schoolId ?? school?.id,
    field: input.field,
    shown: shownValue(enrollment, input.field),
    correct: input.correct,
    note: input.note || undefined,
    status: 'submitted',
    createdAt: now,
    updatedAt: now,
  };
  await db.collection('errata').insert(doc);
  return { errata: errataView(doc) };
}

/** `student.listErrata`: the caller's requests with their status, newest first. */
export async function listErrata(deps: AppDeps, caller: Caller): Promise<{ errata: ErrataView[] }> {
  const docs = await deps.db.collection('errata').find({ where: { openid: caller.openid }, orderBy: [['createdAt', 'desc']] });
  return { errata: docs.map(errataView) };
}
