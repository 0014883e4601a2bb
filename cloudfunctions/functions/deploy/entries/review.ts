/** The deployed `review` function (bundle entry): `exports.main`. */
import { createReviewMain } from '../../review';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain('review', (set) => createReviewMain(set.deps), openSetFromEnv(__dirname));
