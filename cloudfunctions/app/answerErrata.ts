import type { ErrataDoc } from '../contracts/documents';
import { ERRATA_FIELD_LABELS, ERRATA_STATUS_LABELS, type ErrataStatus } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { ActionOutput } from '../contracts';
import type { AppDeps, Caller } from './deps';
import { errataView } from './errata';
import { pushNotification, recordNotification } from './notifications';
import { mayActForSchool, requireRole, schoolOfStaff } from './staffAccess';

/** `school.listErrata`: the school's 勘误 requests, newest first, optionally of one status. */
export async function listSchoolErrata(
  deps: AppDeps,
  caller: Caller,
  input: { schoolId?: string | undefined; status?: ErrataStatus | undefined },
): Promise<ActionOutput<'school', 'listErrata'>> {
  const { db } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const schoolId = await schoolOfStaff(db, user, input.schoolId);
  const docs = await db.collection('errata').find({ where: { schoolId, ...(input.status ? { status: input.status } : {}) }, orderBy: [['createdAt', 'desc']] });
  return {
    errata: await Promise.all(
      docs.map(async (doc) => {
        const enrollment = await db.collection('enrollments').get(doc.enrollmentId);
        if (!enrollment) throw new AppError('INTERNAL');
        return { ...errataView(doc), student: { codeNumber: enrollment.codeNumber, nameMasked: enrollment.code.nameMasked, major: enrollment.code.major } };
      }),
    ),
  };
}

/** Where a request may go from where it is: open requests move on, answered ones stay answered. */
const OPEN: ErrataStatus[] = ['submitted', 'processing'];

/** `school.answerErrata`: takes a request in hand, or answers it (resolved / declined) with a reply; the student is told. */
export async function answerErrata(
  deps: AppDeps,
  caller: Caller,
  input: { errataId: string; status: Exclude<ErrataStatus, 'submitted'>; reply?: string | undefined },
): Promise<ActionOutput<'school', 'answerErrata'>> {
  const { db, clock } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const found = await db.collection('errata').get(input.errataId);
  if (!found) throw new AppError('NOT_FOUND', '找不到该勘误申请');
  if (!found.schoolId || !mayActForSchool(user, found.schoolId)) throw new AppError('FORBIDDEN', '只能处理本校学生的勘误申请');
  const now = clock.now();
  const set = { status: input.status, reply: input.reply || found.reply, updatedAt: now };
  const { errata, notice } = await db.transaction(async (tx) => {
    const changed = await tx.collection('errata').update({ id: found.id, status: { $in: OPEN } }, { set });
    if (changed !== 1) throw new AppError('INVALID_STATE', `该勘误申请已${ERRATA_STATUS_LABELS[found.status]}`);
    const errata: ErrataDoc = { ...found, ...set };
    const notice = await recordNotification(tx, deps, {
      openid: found.openid,
      kind: 'errata_answered',
      title: `勘误申请${ERRATA_STATUS_LABELS[input.status]}`,
      body: `「${ERRATA_FIELD_LABELS[found.field]}」${input.reply ? `：${input.reply}` : ''}`,
      enrollmentId: found.enrollmentId,
      entityId: found.id,
    });
    return { errata, notice };
  });
  await pushNotification(deps.notify, notice);
  return { errata: errataView(errata) };
}
