/**
 * Deploys GradPhoto to a CloudBase environment, or proves the build without one.
 *
 *   npm run deploy -- --dry-run     build the mini-program and the function folders, then prove them
 *                                   (see scripts/deployCheck.ts); prints what it measured. Run in CI.
 *                                   `--skip-weapp` leaves the mini-program build out (iterating on functions).
 *   npm run deploy                  the same build, then `tcb` (@cloudbase/cli) deploys every function of
 *                                   cloudbaserc.json to TCB_ENV_ID, sets the payNotify HTTP path and
 *                                   calls each function's health check. See docs/production.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { failureSchema } from '../cloudfunctions/contracts/envelope';
import { buildFunctions, ROOT, type BundleManifest } from './functionBundles';
import { checkPlan, databasePlan } from './databasePlan';
import { callBundle, cloudbaseUnreachableEnvs, imagingEvent, LIMITS, localBundleEnv, stage, tcbOutputSaysLoggedIn } from './deployCheck';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
/** The fixture the imaging bundle must pass. */
const IMAGING_FIXTURE = 'ok-gray-bg.jpg';

function step(title: string): void {
  console.log(`\n== ${title}`);
}

function run(command: string, args: string[], options: { cwd?: string } = {}): void {
  const result = spawnSync(command, args, { cwd: options.cwd ?? ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** cloudbaserc.json, as far as the checks below read it (the CLI's own schema allows these values). */
const configSchema = z.object({
  functionRoot: z.string(),
  functions: z.array(
    z.object({
      name: z.string(),
      handler: z.literal('index.main'),
      runtime: z.literal('Nodejs20.19'),
      memorySize: z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)]),
      timeout: z.number().int().min(1).max(60),
      installDependency: z.literal(true),
      envVariables: z.record(z.string(), z.string()),
    }),
  ),
});

/** Every built function is configured, within the CLI's ranges, imaging with the most memory; env ≤ 4 KB. */
function checkConfig(bundles: BundleManifest[]): void {
  const config = configSchema.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')));
  if (path.normalize(config.functionRoot) !== path.normalize('build/functions')) throw new Error('cloudbaserc.json functionRoot must be build/functions');
  for (const bundle of bundles) {
    const fn = config.functions.find((f) => f.name === bundle.name);
    if (!fn) throw new Error(`cloudbaserc.json has no entry for ${bundle.name}`);
    // Secrets are filled in at deploy; count each placeholder at a generous 200 characters.
    const envBytes = Object.entries(fn.envVariables).reduce((n, [k, v]) => n + k.length + (v.startsWith('{{') ? 200 : v.length), 0);
    if (envBytes > 4096) throw new Error(`${bundle.name}: environment variables may exceed 4 KB`);
    console.log(`${bundle.name.padEnd(10)} ${String(fn.memorySize).padStart(5)} MB ${String(fn.timeout).padStart(3)} s  env ≤ ${envBytes} B`);
  }
  const imaging = config.functions.find((f) => f.name === 'imaging');
  if (!imaging || config.functions.some((f) => f.memorySize > imaging.memorySize)) throw new Error('imaging must have the most memory');
  const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as { cloudfunctionRoot?: string };
  if (path.normalize(project.cloudfunctionRoot ?? '') !== path.normalize('build/functions/')) throw new Error('project.config.json cloudfunctionRoot must be build/functions/');
}

const healthSchema = z.object({ ok: z.literal(true), data: z.object({ function: z.string(), adapters: z.literal('local'), checks: z.record(z.string(), z.string()) }) });
const processSchema = z.object({ ok: z.literal(true), data: z.object({ report: z.object({ verdict: z.string() }), standard: z.object({ bytes: z.number() }).optional() }) });

interface Proof {
  name: string;
  uploadZipped: number;
  installed: number;
  loadMs: number;
  firstReplyMs: number;
}

async function prove(bundles: BundleManifest[]): Promise<Proof[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gradphoto-dry-run-'));
  const proofs: Proof[] = [];
  try {
    for (const bundle of bundles) {
      const staged = stage(bundle, root);
      const dataDir = path.join(root, `${bundle.name}-data`);
      const serviceKey = randomBytes(32);
      const events: unknown[] = [{ action: 'health' }];
      if (bundle.name === 'imaging') events.push(await imagingEvent(dataDir, serviceKey, IMAGING_FIXTURE), await imagingEvent(dataDir, serviceKey, IMAGING_FIXTURE));
      const result = await callBundle(staged.dir, events, localBundleEnv(dataDir, serviceKey));
      const health = healthSchema.safeParse(result.replies[0]);
      if (!health.success || health.data.data.function !== bundle.name) throw new Error(`${bundle.name}: unexpected health reply ${JSON.stringify(result.replies[0])}`);
      let note = Object.entries(health.data.data.checks).map(([k, v]) => `${k} ${v}`).join(', ');
      if (bundle.name === 'school') note += bundle.font ? `; print-sheet font ${bundle.font}` : '; no CJK font found: print sheets show numbers only';
      if (bundle.name === 'imaging') {
        const first = processSchema.safeParse(result.replies[1]);
        if (!first.success || first.data.data.report.verdict !== 'pass' || !first.data.data.standard) {
          throw new Error(`imaging: ${IMAGING_FIXTURE} should pass and give a standard photo, got ${JSON.stringify(result.replies[1]).slice(0, 400)}`);
        }
        note += `; ${IMAGING_FIXTURE}: pass, standard photo ${(first.data.data.standard.bytes / 1024).toFixed(0)} KB; cold (load + models + first photo) ${result.callMs[1]!.toFixed(0)} ms, warm ${result.callMs[2]!.toFixed(0)} ms`;
      }
      if (staged.uploadZippedBytes > LIMITS.uploadZippedBytes) throw new Error(`${bundle.name}: upload ${mb(staged.uploadZippedBytes)} exceeds ${mb(LIMITS.uploadZippedBytes)}`);
      if (staged.installedBytes > LIMITS.installedBytes) throw new Error(`${bundle.name}: installed ${mb(staged.installedBytes)} exceeds ${mb(LIMITS.installedBytes)}`);
      const firstReplyMs = bundle.name === 'imaging' ? result.firstReplyMs + result.callMs[1]! - result.callMs[0]! : result.firstReplyMs;
      proofs.push({ name: bundle.name, uploadZipped: staged.uploadZippedBytes, installed: staged.installedBytes, loadMs: result.loadMs, firstReplyMs });
      console.log(`ok ${bundle.name.padEnd(10)} health on local adapters: ${note}`);
      if (bundle.name === 'student') {
        for (const { label, env } of cloudbaseUnreachableEnvs()) {
          const unreachable = await callBundle(staged.dir, [{ action: 'health' }], env, 60_000);
          const reply = failureSchema.safeParse(unreachable.replies[0]);
          if (!reply.success) throw new Error(`student on cloudbase adapters (${label}): expected an error envelope, got ${JSON.stringify(unreachable.replies[0])}`);
          console.log(`ok student    on cloudbase adapters, ${label}: ${reply.data.error.code} envelope in ${unreachable.callMs[0]!.toFixed(0)} ms, process ended normally`);
        }
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return proofs;
}

function printProofs(proofs: Proof[]): void {
  console.log(`\n${'function'.padEnd(10)} ${'upload (zip)'.padStart(13)} ${'installed'.padStart(10)} ${'require'.padStart(9)} ${'cold start'.padStart(11)}`);
  for (const p of proofs) {
    console.log(`${p.name.padEnd(10)} ${mb(p.uploadZipped).padStart(13)} ${mb(p.installed).padStart(10)} ${`${p.loadMs.toFixed(0)} ms`.padStart(9)} ${`${p.firstReplyMs.toFixed(0)} ms`.padStart(11)}`);
  }
  console.log(`limits: upload ≤ ${mb(LIMITS.uploadZippedBytes)} zipped, installed (code + production dependencies) ≤ ${mb(LIMITS.installedBytes)}`);
  console.log('cold start = Node start → first reply (imaging: → first photo checked); on this machine, under its current load');
}

/** `tcb` exits 0 even when it is not logged in: the output says. */
function tcbLoggedIn(): boolean {
  let out: string;
  try {
    out = execFileSync('tcb', ['env', 'list'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error('找不到 tcb 命令：npm i -g @cloudbase/cli', { cause: error });
  }
  return tcbOutputSaysLoggedIn(out);
}

/** cloudbaserc.json with `{{env.NAME}}` filled from this process's environment, written for tcb to read. */
function renderConfig(envId: string): string {
  const template = fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8');
  const missing = new Set<string>();
  const rendered = template.replace(/\{\{env\.([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    const value = name === 'TCB_ENV_ID' ? envId : process.env[name];
    if (value === undefined) missing.add(name);
    return JSON.stringify(value ?? '').slice(1, -1);
  });
  const optional = new Set(['WECHAT_PAY_CERT_P12', 'WX_TEMPLATE_REVIEW_RESULT', 'WX_TEMPLATE_ORDER_STATUS', 'SMTP_URL', 'GRADPHOTO_CJK_FONT']);
  const required = [...missing].filter((name) => !optional.has(name));
  if (required.length) throw new Error(`缺少环境变量：${required.join(', ')}（见 docs/production.md「密钥」）`);
  const dir = path.join(ROOT, 'build', 'deploy');
  fs.mkdirSync(dir, { recursive: true });
  const config = JSON.parse(rendered) as { functionRoot: string };
  config.functionRoot = path.relative(dir, path.join(ROOT, 'build', 'functions'));
  fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
  return dir;
}

function deploy(bundles: BundleManifest[]): void {
  const envId = z.string().min(1, '请设置 TCB_ENV_ID（云开发环境 ID）').parse(process.env.TCB_ENV_ID ?? '');
  if (!tcbLoggedIn()) throw new Error('tcb 未登录：先运行 tcb login（或 tcb login --apiKeyId … --apiKey …）');
  const dir = renderConfig(envId);
  try {
    for (const bundle of bundles) run('tcb', ['fn', 'deploy', bundle.name, '-e', envId, '--force'], { cwd: dir });
    run('tcb', ['service', 'create', '-p', 'payNotify', '-f', 'payNotify', '-e', envId], { cwd: dir });
    for (const bundle of bundles) {
      const out = execFileSync('tcb', ['fn', 'invoke', bundle.name, '-e', envId, '--params', JSON.stringify({ action: 'health' })], { cwd: dir, encoding: 'utf8' });
      if (!/"ok":\s*true/.test(out)) throw new Error(`${bundle.name} 健康检查失败：\n${out}`);
      console.log(`ok ${bundle.name} health on CloudBase`);
    }
  } finally {
    fs.rmSync(path.join(dir, 'cloudbaserc.json'), { force: true }); // it holds secrets
  }
}

async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  if (process.argv.includes('--skip-weapp')) console.log('(--skip-weapp: the mini-program is not rebuilt)');
  else {
    step('mini-program (npm run build:weapp)');
    run('npm', ['run', 'build:weapp', '--silent']);
  }
  step('cloud functions (build/functions)');
  const bundles = await buildFunctions();
  for (const b of bundles) console.log(`${b.name.padEnd(10)} deps: ${Object.keys(b.dependencies).join(', ') || '—'}`);
  step('configuration (cloudbaserc.json, project.config.json, database plan)');
  checkConfig(bundles);
  const problems = checkPlan();
  if (problems.length) throw new Error(`database plan: ${problems.join('; ')}`);
  const plan = databasePlan();
  console.log(`database: ${plan.length} collections, ${plan.reduce((n, c) => n + c.indexes.length, 0)} indexes, all server-only (npm run db:setup -- --dry-run lists them)`);
  step('proof: each bundle alone, on the local adapters');
  printProofs(await prove(bundles));
  if (dryRun) {
    console.log('\ndry run: nothing deployed.');
    return;
  }
  step(`deploy to CloudBase ${process.env.TCB_ENV_ID ?? ''}`);
  deploy(bundles);
}

main().catch((error: unknown) => {
  console.error(`\ndeploy failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
