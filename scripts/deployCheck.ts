/**
 * What `npm run deploy -- --dry-run` proves about the built function folders, without CloudBase:
 * each one loads in a fresh Node process from a copy of its own folder (with exactly the packages its
 * package.json names, as CloudBase would install them) and answers a health event on the local
 * adapters; the imaging function checks a fixture photo; sizes stay inside CloudBase's limits.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FsFiles } from '../cloudfunctions/adapters/local/fsFiles';
import { systemClock } from '../cloudfunctions/adapters/local/systemClock';
import { signServiceToken } from '../cloudfunctions/adapters/cloudbase/serviceToken';
import { readFixture } from '../cloudfunctions/photo/testing/fixtures';
import { ROOT, type BundleManifest } from './functionBundles';

/** CloudBase / SCF limits (docs: 云函数配额限制; CLI upload). */
export const LIMITS = {
  /** A function's code as uploaded (without the dependencies CloudBase installs), zipped. */
  uploadZippedBytes: 50 * 1024 * 1024,
  /** A function's code once installed, dependencies included (单个函数代码压缩前体积). */
  installedBytes: 500 * 1024 * 1024,
};

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

/** Rough zipped size: every file deflated on its own, as a zip archive does. */
function zippedBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += zippedBytes(full);
    else if (entry.isFile()) total += gzipSync(fs.readFileSync(full)).length + 80;
  }
  return total;
}

function manifestOf(dir: string): { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as ReturnType<typeof manifestOf>;
}

/** The packages `roots` need, transitively, as installed in this repository's node_modules. */
function closure(roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const pkg = queue.shift()!;
    if (seen.has(pkg)) continue;
    const dir = path.join(ROOT, 'node_modules', pkg);
    if (!fs.existsSync(dir)) throw new Error(`dependency ${pkg} is not installed`);
    seen.add(pkg);
    const m = manifestOf(dir);
    const wanted = [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.peerDependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})];
    // Optional and peer packages count only when installed (sharp's platform builds, for one).
    for (const dep of wanted) {
      if (m.dependencies?.[dep] || fs.existsSync(path.join(ROOT, 'node_modules', dep))) queue.push(dep);
    }
  }
  return [...seen].sort();
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    execFileSync('cp', ['-rl', from, to]); // hard links: instant, no space
  } catch {
    fs.cpSync(from, to, { recursive: true });
  }
}

/**
 * A copy of the bundle folder outside the repository (so Node cannot find this repository's
 * node_modules by walking up), with its dependencies installed from the lock's versions.
 */
export function stage(bundle: BundleManifest, root: string): { dir: string; installedBytes: number; uploadZippedBytes: number } {
  const dir = path.join(root, bundle.name);
  const uploadZipped = zippedBytes(bundle.dir);
  fs.cpSync(bundle.dir, dir, { recursive: true });
  for (const pkg of closure([...Object.keys(bundle.dependencies), ...Object.keys(bundle.localOnlyDependencies)])) {
    copyTree(path.join(ROOT, 'node_modules', pkg), path.join(dir, 'node_modules', pkg));
  }
  // As installed on CloudBase: the production dependencies only (the local-only ones are staged for the proof).
  const production = closure(Object.keys(bundle.dependencies)).reduce((n, pkg) => n + dirBytes(path.join(dir, 'node_modules', pkg)), 0);
  return { dir, installedBytes: dirBytes(bundle.dir) + production, uploadZippedBytes: uploadZipped };
}

export interface CallResult {
  replies: unknown[];
  /** From the Node process's start to the bundle's first reply. */
  firstReplyMs: number;
  /** `require('./index.js')` alone. */
  loadMs: number;
  /** Each call's own time, in order. */
  callMs: number[];
}

/** Runs `node` in the staged folder: requires the bundle, calls its `main` with each event in turn. */
export function callBundle(dir: string, events: unknown[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CallResult> {
  const program = `
    const t0 = process.hrtime.bigint();
    const ms = (a, b) => Number(b - a) / 1e6;
    const { main } = require('./index.js');
    const loaded = process.hrtime.bigint();
    (async () => {
      const replies = [], callMs = [];
      let firstReplyMs;
      for (const event of JSON.parse(process.env.EVENTS)) {
        const s = process.hrtime.bigint();
        replies.push(await main(event, {}));
        callMs.push(ms(s, process.hrtime.bigint()));
        firstReplyMs ??= performance.now(); // since this process started
      }
      process.stdout.write('\\n@@RESULT@@' + JSON.stringify({ replies, loadMs: ms(t0, loaded), callMs, firstReplyMs }) + '\\n');
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', program], { cwd: dir, env: { ...env, EVENTS: JSON.stringify(events) }, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT@@'));
      if (code !== 0 || !line) return reject(new Error(`bundle in ${dir} failed (exit ${code}):\n${err || out}`));
      const result = JSON.parse(line.slice('@@RESULT@@'.length)) as { replies: unknown[]; loadMs: number; callMs: number[]; firstReplyMs: number };
      resolve({ replies: result.replies, firstReplyMs: result.firstReplyMs, loadMs: result.loadMs, callMs: result.callMs });
    });
  });
}

/** A clean environment for a bundle on the local adapters: nothing of this shell's Node setup leaks in. */
export function localBundleEnv(dataDir: string, serviceKey: Buffer): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    GRADPHOTO_ADAPTERS: 'local',
    GRADPHOTO_DATA: dataDir,
    GRADPHOTO_SERVICE_KEY: serviceKey.toString('base64'),
  };
}

/** Stores a fixture photo where the imaging bundle's local Files will find it; returns the process event. */
export async function imagingEvent(dataDir: string, serviceKey: Buffer, fixture: string): Promise<unknown> {
  const files = await FsFiles.open(path.join(dataDir, 'files'), randomBytes(32), systemClock);
  const sourceFileId = await files.put(readFixture(fixture), { contentType: 'image/jpeg' });
  return {
    action: 'process',
    input: { sourceFileId, owner: 'dry-run', background: 'blue', size: '480x640', fileSizeKB: { min: 20, max: 40 } },
    service: signServiceToken(serviceKey, 'imaging', Date.now()),
  };
}

/**
 * `tcb env list` exits 0 whether or not it is logged in; a logged-in listing names environments
 * (an EnvId column), a logged-out one asks to log in.
 */
export function tcbOutputSaysLoggedIn(output: string): boolean {
  if (/未登录|没有登录|请先登录|请使用\s*tcb login|not logged in|login first|please log ?in/i.test(output)) return false;
  return /EnvId|环境\s*ID|环境名称/i.test(output);
}

/**
 * The same bundle on the `cloudbase` adapters where CloudBase cannot be reached: without credentials,
 * and with made-up ones (the SDK loads from the bundle and its request fails). Each call must come
 * back as an error envelope and the process must end normally: the SDK's own unhandled rejections
 * (it raises one when credentials are missing) never reach the process.
 */
export function cloudbaseUnreachableEnvs(): { label: string; env: NodeJS.ProcessEnv }[] {
  const base = { PATH: process.env.PATH, HOME: os.tmpdir(), GRADPHOTO_ADAPTERS: 'cloudbase', NODE_ENV: 'production' };
  return [
    { label: 'no credentials', env: base },
    {
      label: 'made-up credentials',
      env: { ...base, TCB_ENV_ID: 'dry-run-env', TENCENTCLOUD_SECRETID: 'AKIDdryrun', TENCENTCLOUD_SECRETKEY: 'dry-run', GRADPHOTO_SERVICE_KEY: randomBytes(32).toString('base64') },
    },
  ];
}
