import type { BatchDoc, UserDoc } from '../contracts/documents';
import type { Role } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { Db } from '../ports/db';
import type { Caller } from './deps';

const ROLE_NAMES: Record<Role, string> = { student: '学生', reviewer: '审核员', school: '学校管理员', ops: '平台运营' };

/**
 * The signed-in user with one of `roles`, from the users collection (roles are granted by ops, never
 * claimed by a request). Anyone else is FORBIDDEN.
 */
export async function requireRole(db: Db, caller: Caller, roles: readonly Role[]): Promise<UserDoc> {
  const user = await db.collection('users').get(caller.openid);
  if (!user || !user.roles.some((role) => roles.includes(role))) {
    throw new AppError('FORBIDDEN', `该操作仅限${roles.map((role) => ROLE_NAMES[role]).join('或')}`);
  }
  return user;
}

/** Ops act for any school; a reviewer or school admin only for the one they are scoped to. */
export function mayActForSchool(user: UserDoc, schoolId: string): boolean {
  return user.roles.includes('ops') || user.schoolId === schoolId;
}

export function assertSchoolScope(user: UserDoc, schoolId: string): void {
  if (!mayActForSchool(user, schoolId)) throw new AppError('FORBIDDEN', '只能管理本校的采集批次');
}

/**
 * The school a staff member acts for: their own, or for ops the one they name. Naming another school
 * than one's own is FORBIDDEN, not silently ignored.
 */
export async function schoolOfStaff(db: Db, user: UserDoc, named: string | undefined): Promise<string> {
  const schoolId = named ?? (user.roles.includes('ops') ? undefined : user.schoolId);
  if (!schoolId) throw new AppError('INVALID_INPUT', '请指定学校（schoolId）');
  assertSchoolScope(user, schoolId);
  if (!(await db.collection('schools').get(schoolId))) throw new AppError('NOT_FOUND', '找不到该学校');
  return schoolId;
}

/** A batch the staff member may manage: NOT_FOUND when there is none, FORBIDDEN when it is another school's. */
export async function staffBatch(db: Db, user: UserDoc, batchId: string): Promise<BatchDoc> {
  const batch = await db.collection('batches').get(batchId);
  if (!batch) throw new AppError('NOT_FOUND', '找不到该采集批次');
  assertSchoolScope(user, batch.schoolId);
  return batch;
}
