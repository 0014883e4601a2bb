import type { UserDoc } from '../contracts/documents';
import type { Role } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { AppDeps } from './deps';

export interface Grant {
  openid: string;
  role: Exclude<Role, 'student'>;
  schoolId?: string | undefined;
}

/**
 * `ops.grant` (and `npm run admin -- grant`): makes a WeChat user a reviewer or school admin of one
 * school, or ops. A user is scoped to one school: granting a school role for another school moves them.
 * The user need not have signed in yet; their first login finds the role.
 */
export async function grantRole(deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>, actor: string, grant: Grant): Promise<{ user: { openid: string; roles: Role[]; schoolId?: string } }> {
  const scoped = grant.role !== 'ops';
  if (scoped && !grant.schoolId) throw new AppError('INVALID_INPUT', '审核员和学校管理员需要指定学校（schoolId）');
  const user = await deps.db.transaction(async (tx): Promise<UserDoc> => {
    if (scoped && !(await tx.collection('schools').get(grant.schoolId!))) throw new AppError('NOT_FOUND', '找不到该学校');
    const users = tx.collection('users');
    const now = deps.clock.now();
    const existing = await users.get(grant.openid);
    const roles: Role[] = existing ? (existing.roles.includes(grant.role) ? existing.roles : [...existing.roles, grant.role]) : [grant.role];
    const schoolId = scoped ? grant.schoolId : existing?.schoolId;
    if (existing) await users.update({ id: grant.openid }, { set: { roles, schoolId } });
    else await users.insert({ id: grant.openid, openid: grant.openid, roles, schoolId, createdAt: now });
    await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor, entity: 'user', entityId: grant.openid, event: 'grant', to: grant.role, note: schoolId });
    return { ...(existing ?? { id: grant.openid, openid: grant.openid, createdAt: now }), roles, schoolId };
  });
  return { user: { openid: user.openid, roles: user.roles, schoolId: user.schoolId } };
}
