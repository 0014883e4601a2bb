import { answerErrata, listSchoolErrata } from '../../app/answerErrata';
import type { AppDeps } from '../../app/deps';
import type { schoolErrataActions } from '../../contracts/errata';
import type { Handlers } from '../main';

/** The `school` function's 勘误 actions (each use-case checks the school role and scope). */
export function schoolErrataHandlers(deps: AppDeps): Pick<Handlers<'school'>, keyof typeof schoolErrataActions> {
  return {
    listErrata: (input, caller) => listSchoolErrata(deps, caller, input),
    answerErrata: (input, caller) => answerErrata(deps, caller, input),
  };
}
