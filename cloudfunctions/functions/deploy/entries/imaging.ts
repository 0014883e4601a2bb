/** The deployed `imaging` function (bundle entry): `exports.main`; its models ship in `./models`. */
import path from 'node:path';
import { createImagingMain } from '../../imaging';
import { deployedMain, openSetFromEnv } from '../deployedMain';
import { inProcessEngine } from '../inProcessEngine';

const engine = inProcessEngine(process.env.GRADPHOTO_MODELS_DIR ?? path.join(__dirname, 'models'));

export const main = deployedMain(
  'imaging',
  (set) => createImagingMain({ files: set.deps.files, engine, identity: set.deps.identity }),
  openSetFromEnv(__dirname),
);
