/** The deployed `student` function (bundle entry): `exports.main`. */
import { createStudentMain } from '../../student';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain('student', (set) => createStudentMain(set.deps), openSetFromEnv(__dirname));
