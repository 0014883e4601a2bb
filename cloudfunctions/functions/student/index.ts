import { bindPhone, me } from '../../app/account';
import { checkPhoto } from '../../app/checkPhoto';
import type { AppDeps } from '../../app/deps';
import { enroll } from '../../app/enroll';
import { getEnrollment } from '../../app/getEnrollment';
import { listEnrollments } from '../../app/listEnrollments';
import { readCode } from '../../app/readCode';
import { remakePhoto } from '../../app/remakePhoto';
import { submitPhoto } from '../../app/submitPhoto';
import { withdrawPhoto } from '../../app/withdrawPhoto';
import { userFromContext } from '../authenticate';
import { createMain, type Main } from '../main';
import { studentCentreHandlers } from './centre';

/** The `student` function: a graduate's own 学历 and photos; every record is scoped to the caller. */
export function createStudentMain(deps: AppDeps): Main {
  return createMain(
    'student',
    {
      me: (_input, caller) => me(deps, caller),
      bindPhone: (input, caller) => bindPhone(deps, caller, input.code),
      readCode: (input, caller) => readCode(deps, caller, input),
      enroll: (input, caller) => enroll(deps, caller, input),
      listEnrollments: (_input, caller) => listEnrollments(deps, caller),
      getEnrollment: (input, caller) => getEnrollment(deps, caller, input.enrollmentId),
      checkPhoto: (input, caller) => checkPhoto(deps, caller, input),
      remakePhoto: (input, caller) => remakePhoto(deps, caller, input.photoId),
      submitPhoto: (input, caller) => submitPhoto(deps, caller, input.photoId),
      withdrawPhoto: (input, caller) => withdrawPhoto(deps, caller, input.photoId),
      ...studentCentreHandlers(deps),
    },
    userFromContext(deps.identity),
  );
}
