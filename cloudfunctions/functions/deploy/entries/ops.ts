/** The deployed `ops` function (bundle entry): `exports.main`. */
import { createOpsMain } from '../../ops';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain('ops', (set) => createOpsMain(set.deps), openSetFromEnv(__dirname));
