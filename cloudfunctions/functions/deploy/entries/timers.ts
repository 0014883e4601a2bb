/** The deployed `timers` function (bundle entry): `exports.main`. */
import { createTimersMain } from '../../timers';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain('timers', (set) => createTimersMain(set.deps), openSetFromEnv(__dirname));
