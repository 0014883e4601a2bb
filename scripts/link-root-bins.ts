/**
 * npm links the `bin` entries of dependencies into node_modules/.bin but never the root package's own, and
 * `npx <name>` inside the repository looks only there (libnpmexec finds the root's bin in package.json, sees
 * the root "installed", and runs the missing link). Do for the root what npm does for a dependency, so
 * `npx gradphoto …` works after `npm install` / `npm ci`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
const binDir = path.join(root, 'node_modules', '.bin');
fs.mkdirSync(binDir, { recursive: true });
for (const [name, target] of Object.entries(pkg.bin ?? {})) {
  const link = path.join(binDir, name);
  const relative = path.relative(binDir, path.join(root, target));
  fs.rmSync(link, { force: true });
  if (process.platform === 'win32') {
    fs.writeFileSync(`${link}.cmd`, `@node "%~dp0\\${relative}" %*\r\n`);
  } else {
    fs.symlinkSync(relative, link);
    fs.chmodSync(path.join(root, target), 0o755);
  }
  console.log(`bin: ${name} -> ${relative}`);
}
