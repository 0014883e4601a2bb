/**
 * Builds the deployable cloud functions: one folder per function under build/functions/ (the
 * `cloudfunctionRoot` of project.config.json and the `functionRoot` of cloudbaserc.json):
 *
 *   index.js      the function's entry (cloudfunctions/functions/deploy/entries/<name>.ts) bundled by esbuild
 *   package.json  the packages the bundle leaves to npm (native: sharp; wasm: tfjs), pinned to the
 *                 versions in this repository's lock — CloudBase installs them (`installDependency`)
 *   config.json   the WeChat open APIs the function calls (云调用 permissions)
 *   models/       imaging only: the engine's models, verified against models.lock.json
 *
 *   npm run build:functions [-- --only imaging,student]
 */
import * as path from 'node:path';
import { buildFunctions, ROOT } from './functionBundles';

const i = process.argv.indexOf('--only');
const only = i >= 0 ? process.argv[i + 1]?.split(',') : undefined;
buildFunctions(only).then(
  (built) => {
    for (const b of built) console.log(`${b.name.padEnd(10)} ${path.relative(ROOT, b.dir)}  deps: ${Object.keys(b.dependencies).join(', ') || '—'}`);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
