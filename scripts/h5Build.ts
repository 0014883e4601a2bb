/**
 * Whether dist/h5 must be rebuilt: missing, or older than anything it is made of (the app, its build
 * config and the contracts it imports). Used by `npm start` (prestart) and the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
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

/** Builds the H5 app when stale (a build takes minutes on two cores); throws when the build fails. */
export function ensureH5Build(log: (message: string) => void = () => {}): void {
  if (!h5IsStale()) return log('dist/h5 is up to date');
  log('dist/h5 is missing or older than src/: building the H5 app…');
  // A production build whatever the caller's NODE_ENV (jest sets "test", under which Taro's build hangs).
  const result = spawnSync('npm', ['run', 'build:h5'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('npm run build:h5 failed');
}
