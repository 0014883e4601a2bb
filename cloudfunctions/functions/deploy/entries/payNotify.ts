/** The deployed `payNotify` function (bundle entry): `exports.main`. */
import { createPayNotifyMain } from '../../payNotify';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain('payNotify', (set) => createPayNotifyMain(set.deps), openSetFromEnv(__dirname));
