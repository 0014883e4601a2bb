/** The deployed `school` function (bundle entry): `exports.main`; it also runs its own export jobs. */
import { runExport } from '../../../app/runExport';
import { createSchoolMain } from '../../school';
import { deployedMain, openSetFromEnv } from '../deployedMain';

export const main = deployedMain(
  'school',
  (set) => {
    set.handleJobs((job) => runExport(set.deps, job.id));
    return createSchoolMain(set.deps);
  },
  openSetFromEnv(__dirname),
);
