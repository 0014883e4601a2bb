// The gradphoto CLI precompiled: one CommonJS file bundled by esbuild from cli.ts (dependencies stay in
// node_modules), so a start does not transpile ~60 TypeScript files through tsx (~1 s of a 2–3 s cold start).
// The root postinstall builds it; the bin rebuilds it when a source is newer, and falls back to tsx when it can't.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const photoDir = path.resolve(__dirname, '..');
// In the git-ignored dist/ one level below photo/, so the sources' `__dirname`-relative paths (models/lock.ts:
// `../../../.models`) still land on the same folders.
const bundlePath = path.join(photoDir, 'dist', 'gradphoto.cjs');

/** Newest modification time of the engine's TypeScript sources (tests excluded). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    return fs.statSync(bundlePath).mtimeMs >= newestSource(photoDir);
  } catch {
    return false;
  }
}

function build() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [path.join(photoDir, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
  // Written beside and renamed: several processes may build at once (tests spawn the CLI in parallel).
  const tmp = `${bundlePath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, bundlePath);
}

/** The path of an up-to-date bundle, built if needed, or undefined when it cannot be built here. */
function ensureBundle() {
  if (isFresh()) return bundlePath;
  try {
    build();
    return bundlePath;
  } catch {
    return undefined;
  }
}

module.exports = { ensureBundle, bundlePath };

if (require.main === module) {
  if (!ensureBundle()) {
    process.stderr.write('gradphoto: the CLI bundle could not be built; the CLI will run through tsx\n');
  } else {
    process.stdout.write(`gradphoto: CLI bundle ${path.relative(process.cwd(), bundlePath)}\n`);
  }
}
