/** The deployed `school` function (bundle entry): `exports.main`; it also runs its own export jobs. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runExport } from '../../../app/runExport';
import { createSchoolMain } from '../../school';
import { deployedMain, openSetFromEnv } from '../deployedMain';

// The print sheet's CJK font ships in the bundle (the runtime has none); GRADPHOTO_CJK_FONT overrides it.
const shipped = path.join(__dirname, 'fonts', 'font.json');
if (!process.env.GRADPHOTO_CJK_FONT && existsSync(shipped)) {
  const font = JSON.parse(readFileSync(shipped, 'utf8')) as { file: string; family?: string };
  process.env.GRADPHOTO_CJK_FONT = path.join(__dirname, 'fonts', font.file);
  if (font.family) process.env.GRADPHOTO_CJK_FONT_FAMILY = font.family;
}

export const main = deployedMain(
  'school',
  (set) => {
    set.handleJobs((job) => runExport(set.deps, job.id));
    return createSchoolMain(set.deps);
  },
  openSetFromEnv(__dirname),
);
