import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { UserDoc } from '../contracts/documents';
import { roleSchema } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { AppDeps } from '../app/deps';

export const devLoginSchema = z.strictObject({
  role: roleSchema,
  openid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'openid 只能包含字母、数字、-、_' }).optional(),
  schoolId: z.string().min(1).optional(),
});
export type DevLoginInput = z.infer<typeof devLoginSchema>;

/**
 * The local stand-in for WeChat login: signs in as any openid (a new one when none is given) with a role;
 * reviewers and school admins are scoped to an existing school. Local mode only.
 */
export async function devLogin(deps: Pick<AppDeps, 'db' | 'clock'>, input: DevLoginInput): Promise<UserDoc> {
  const { db, clock } = deps;
  const scoped = input.role === 'reviewer' || input.role === 'school';
  if (scoped && !input.schoolId) throw new AppError('INVALID_INPUT', '审核员和学校管理员需要指定学校（schoolId）');
  if (input.schoolId && !(await db.collection('schools').get(input.schoolId))) throw new AppError('NOT_FOUND', '找不到该学校');
  const openid = input.openid ?? `dev-${input.role}-${randomBytes(6).toString('hex')}`;
  return db.transaction(async (tx) => {
    const users = tx.collection('users');
    const existing = await users.get(openid);
    if (!existing) {
      const user: UserDoc = { id: openid, openid, roles: [input.role], schoolId: scoped ? input.schoolId : undefined, createdAt: clock.now() };
      await users.insert(user);
      return user;
    }
    const roles = existing.roles.includes(input.role) ? existing.roles : [...existing.roles, input.role];
    const schoolId = scoped ? input.schoolId : existing.schoolId;
    await users.update({ id: openid }, { set: { roles, schoolId } });
    return { ...existing, roles, schoolId };
  });
}
