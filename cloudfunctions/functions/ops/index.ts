import { createSchool } from '../../app/createSchool';
import type { AppDeps } from '../../app/deps';
import { grantRole } from '../../app/grantRole';
import { requireRole } from '../../app/staffAccess';
import { userFromContext } from '../authenticate';
import { createMain, type Main } from '../main';
import { opsPaymentHandlers } from './payments';

/** The `ops` function: platform admins only (role `ops` in the users collection). */
export function createOpsMain(deps: AppDeps): Main {
  return createMain(
    'ops',
    {
      createSchool: async (input, caller) => {
        await requireRole(deps.db, caller, ['ops']);
        return createSchool(deps, caller.openid, input);
      },
      grant: async (input, caller) => {
        await requireRole(deps.db, caller, ['ops']);
        return grantRole(deps, caller.openid, input);
      },
      ...opsPaymentHandlers(deps),
    },
    userFromContext(deps.identity),
  );
}
