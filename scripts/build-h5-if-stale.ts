/**
 * `npm start`'s prestart: builds the H5 app when dist/h5 is missing or older than its sources, so the
 * README's first command always serves the current screens. A fresh build is skipped (builds take a
 * minute or more).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
// What the H5 bundle is made of: the app, its build config and the contracts it imports.
const SOURCES = ['src', 'config', 'babel.config.js', 'cloudfunctions/contracts', 'cloudfunctions/photo/report.ts'];
const BUILT = path.join(root, 'dist', 'h5', 'index.html');

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

export function h5IsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built);
}

if (require.main === module) {
  if (!h5IsStale()) {
    console.log('dist/h5 is up to date');
  } else {
    console.log('dist/h5 is missing or older than src/: building the H5 app…');
    const result = spawnSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
}
