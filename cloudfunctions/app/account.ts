import type { UserDoc } from '../contracts/documents';
import type { AccountView } from '../contracts/student';
import { maskPhone } from '../domain/phone';
import type { Db } from '../ports/db';
import type { AppDeps, Caller } from './deps';

/**
 * The caller's user record; the first call of a new WeChat user creates it as a student. Read again
 * inside the transaction: two first calls at once create one record. `changes` are applied in the same
 * transaction (a phone bound on the very first call).
 */
async function ownUser(deps: Pick<AppDeps, 'db' | 'clock'>, caller: Caller, changes: Partial<Pick<UserDoc, 'phone'>> = {}): Promise<UserDoc> {
  return deps.db.transaction(async (tx) => {
    const users = tx.collection('users');
    const existing = await users.get(caller.openid);
    if (!existing) {
      const user: UserDoc = { id: caller.openid, openid: caller.openid, roles: ['student'], createdAt: deps.clock.now(), ...changes };
      await users.insert(user);
      return user;
    }
    if (Object.keys(changes).length === 0) return existing;
    await users.update({ id: caller.openid }, { set: changes });
    return { ...existing, ...changes };
  });
}

async function accountOf(db: Db, user: UserDoc): Promise<{ user: AccountView }> {
  const school = user.schoolId ? await db.collection('schools').get(user.schoolId) : null;
  return {
    user: {
      openid: user.openid,
      roles: user.roles,
      schoolId: user.schoolId,
      schoolName: school?.name,
      phoneMasked: user.phone === undefined ? undefined : maskPhone(user.phone),
      phoneBound: user.phone !== undefined,
    },
  };
}

/** `student.me`: who the caller is — roles, school scope, the bound phone masked. */
export async function me(deps: Pick<AppDeps, 'db' | 'clock'>, caller: Caller): Promise<{ user: AccountView }> {
  return accountOf(deps.db, await ownUser(deps, caller));
}

/**
 * `student.bindPhone`: exchanges the 「手机号快捷登录」 button's code with WeChat and keeps the number (only
 * the number: what review results and mailed prints need). A refused code changes nothing.
 */
export async function bindPhone(deps: Pick<AppDeps, 'db' | 'clock' | 'wxPhone'>, caller: Caller, code: string): Promise<{ user: AccountView }> {
  const { phone, countryCode } = await deps.wxPhone.phoneNumber(code);
  return accountOf(deps.db, await ownUser(deps, caller, { phone: countryCode === '86' ? phone : `+${countryCode}${phone}` }));
}
