import { visibleIdLast4 } from '../codes/masking';
import type { BatchDoc, Code, EnrollmentDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { EnrollmentView } from '../contracts/views';
import { normalizeBatchCode } from '../domain/batchCode';
import { WINDOW_MESSAGES, windowPhase } from '../domain/batchWindow';
import { rosterEntryMatches } from '../domain/rosterMatch';
import { DEFAULT_FREE_CHECKS, ENROLL_LOCK, isLocked, minutesUntilUnlock } from '../domain/quota';
import type { Db } from '../ports/db';
import type { AppDeps, Caller } from './deps';
import { describeEnrollment, photosOf } from './enrollmentPhotos';
import { decodeCode, type CodeSource } from './readCode';

export type EnrollInput = CodeSource & { batchCode?: string | undefined; idLast4: string };

/** The batch a 特征码 names, open now, and of the school the 采集码 belongs to. */
async function batchFor(db: Db, typed: string, code: Code, now: number): Promise<BatchDoc> {
  const normalized = normalizeBatchCode(typed);
  const [batch] = normalized ? await db.collection('batches').find({ where: { code: normalized }, limit: 1 }) : [];
  if (!batch) throw new AppError('NOT_FOUND', '没有找到该特征码对应的采集批次，请核对特征码');
  const phase = windowPhase(batch, now);
  if (phase !== 'open') throw new AppError('BATCH_CLOSED', WINDOW_MESSAGES[phase]);
  const school = await db.collection('schools').get(batch.schoolId);
  if (!school || school.code !== code.schoolCode) {
    throw new AppError('SCHOOL_MISMATCH', `该采集码属于「${code.schoolName}」，不是本批次学校「${school?.name ?? ''}」的采集码`);
  }
  return batch;
}

/** The last 4 characters of the ID number to match: the roster's when the batch has one, else the code's. */
async function expectedLast4(db: Db, batch: BatchDoc | null, code: Code): Promise<string> {
  if (!batch?.hasRoster) return visibleIdLast4(code.idMasked);
  const [byNumber] = await db.collection('roster').find({ where: { batchId: batch.id, codeNumber: code.number }, limit: 1 });
  // A student listed by 学号 only is the entry with the masked name and ID number the code carries.
  const entry =
    byNumber ??
    (await db.collection('roster').find({ where: { batchId: batch.id, idMasked: code.idMasked, codeNumber: { $exists: false } } })).find((candidate) =>
      rosterEntryMatches(candidate, code),
    );
  if (!entry) throw new AppError('NOT_FOUND', '本批次名单中没有该采集码，请联系学校核对');
  return visibleIdLast4(entry.idMasked);
}

function lockedError(lockedUntil: number, now: number): AppError {
  const minutes = minutesUntilUnlock(lockedUntil, now);
  return new AppError('LOCKED', `身份证号后4位错误次数过多，请${minutes}分钟后再试`, { minutes });
}

/** Counts a wrong try against the 采集码; the 5th locks it for 30 minutes. Throws the error to report. */
async function wrongLast4(db: Db, codeNumber: string, now: number): Promise<never> {
  const error = await db.transaction(async (tx) => {
    const attempts = tx.collection('enrollAttempts');
    const attempt = await attempts.get(codeNumber);
    if (attempt?.lockedUntil !== undefined && isLocked(attempt, now)) return lockedError(attempt.lockedUntil, now);
    const failures = (attempt && attempt.lockedUntil === undefined ? attempt.failures : 0) + 1;
    const locks = failures >= ENROLL_LOCK.maxFailures;
    const next = locks
      ? { id: codeNumber, failures: 0, lockedUntil: now + ENROLL_LOCK.lockMs, updatedAt: now }
      : { id: codeNumber, failures, updatedAt: now };
    if (attempt) await attempts.update({ id: codeNumber }, { set: next, unset: locks ? [] : ['lockedUntil'] });
    else await attempts.insert(next);
    if (locks) return lockedError(next.lockedUntil!, now);
    const left = ENROLL_LOCK.maxFailures - failures;
    return new AppError('LAST4_MISMATCH', `身份证号后4位不正确，还可尝试${left}次`, { attemptsLeft: left });
  });
  throw error;
}

/**
 * `student.enroll`: adds a 学历 to the caller, with a batch 特征码 or as a walk-in. One 采集码 belongs
 * to one WeChat account; enrolling the same code again with the same batch returns the same enrolment.
 */
export async function enroll(deps: AppDeps, caller: Caller, input: EnrollInput): Promise<{ enrollment: EnrollmentView }> {
  const { db, clock } = deps;
  const code = await decodeCode(deps, caller, input);
  const now = clock.now();
  const batch = input.batchCode !== undefined ? await batchFor(db, input.batchCode, code, now) : null;

  const attempt = await db.collection('enrollAttempts').get(code.number);
  if (attempt?.lockedUntil !== undefined && isLocked(attempt, now)) throw lockedError(attempt.lockedUntil, now);
  if (input.idLast4 !== (await expectedLast4(db, batch, code)).toUpperCase()) await wrongLast4(db, code.number, now);
  if (attempt) await db.collection('enrollAttempts').remove({ id: code.number });

  const enrollment = await db.transaction(async (tx): Promise<EnrollmentDoc> => {
    const claim = await tx.collection('codeClaims').get(code.number);
    if (claim) {
      if (claim.openid !== caller.openid) throw new AppError('CONFLICT', '该采集码已被其他微信账号绑定，如有疑问请联系学校');
      const existing = await tx.collection('enrollments').get(claim.enrollmentId);
      if (!existing) throw new AppError('INTERNAL');
      if (existing.batchId !== batch?.id) throw new AppError('CONFLICT', '该学历已添加，不能再加入其他批次');
      return existing;
    }
    const created: EnrollmentDoc = {
      id: deps.ids.next(),
      openid: caller.openid,
      codeNumber: code.number,
      code,
      batchId: batch?.id,
      freeChecks: batch?.freeChecks ?? DEFAULT_FREE_CHECKS,
      checksUsed: 0,
      createdAt: now,
    };
    await tx.collection('enrollments').insert(created);
    await tx.collection('codeClaims').insert({ id: code.number, openid: caller.openid, enrollmentId: created.id, createdAt: now });
    await tx.collection('audit').insert({
      id: deps.ids.next(),
      at: now,
      actor: caller.openid,
      entity: 'enrollment',
      entityId: created.id,
      event: 'enroll',
      note: batch ? `批次 ${batch.code}` : '散拍/补拍',
    });
    return created;
  });
  return { enrollment: await describeEnrollment(db, enrollment, await photosOf(db, enrollment.id)) };
}
