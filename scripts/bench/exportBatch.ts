/**
 * `npm run bench:export` (part of `bench:api`): `school.export` of a batch of 2 000 students' standard
 * photos on the local cloud — time and peak RSS — next to a batch of 200, to show that streaming keeps
 * memory flat (it must not grow with the batch). Each measurement runs in a fresh process holding only
 * the local cloud (the photos are made by the real engine in a separate seeding process, so the
 * engine's models do not count). GRADPHOTO_BENCH_EXPORT="200,2000" changes the sizes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FsFiles } from '../../cloudfunctions/adapters/local/fsFiles';
import { sortableIds } from '../../cloudfunctions/adapters/local/sortableIds';
import { openSqlite, SqliteDb } from '../../cloudfunctions/adapters/local/sqliteDb';
import { systemClock } from '../../cloudfunctions/adapters/local/systemClock';
import type { BatchDoc, EnrollmentDoc, PhotoDoc, PhotoReport, RosterDoc } from '../../cloudfunctions/contracts';
import { openLocalCloud } from '../../cloudfunctions/local/cloud';
import { loadConfig } from '../../cloudfunctions/local/config';
import { deriveKey, loadSecret } from '../../cloudfunctions/local/secret';
import { createEngine } from '../../cloudfunctions/photo';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.resolve(REPO, '../shared/fixtures/photos');
const SIZES = (process.env.GRADPHOTO_BENCH_EXPORT ?? '200,2000').split(',').map(Number);
const ADMIN = 'bench-school-admin';
const BATCH = 'bench-export-batch';
const DAY = 24 * 3600_000;

/** Child 1: standard photos from the engine, then a batch of `count` students with paid (processing) photos. */
async function seed(dataDir: string, count: number): Promise<void> {
  const engine = await createEngine();
  const made: { jpeg: Buffer; report: PhotoReport }[] = [];
  for (const name of ['ok-gray-bg.jpg', 'ok-red-bg-tight.jpg', 'ok-full-body.jpg']) {
    const { report, output } = await engine.make(readFileSync(path.join(FIXTURES, name)), { background: 'blue', size: '480x640', fileSizeKB: { min: 20, max: 40 } });
    if (output) made.push({ jpeg: output.jpeg, report });
  }
  const db = SqliteDb.open(openSqlite(path.join(dataDir, 'gradphoto.sqlite')));
  const files = await FsFiles.open(path.join(dataDir, 'files'), deriveKey(await loadSecret(dataDir), 'file-urls'), systemClock);
  const ids = sortableIds();
  const now = Date.now();
  const schoolId = 'bench-school';
  const batch: BatchDoc = {
    id: BATCH, code: 'BENCH2', schoolId, name: '压测导出批次', kind: 'campus', startsAt: now - DAY, endsAt: now + 30 * DAY, payer: 'student', priceFen: 2500,
    freeChecks: 10, background: 'blue', size: '480x640', fileSizeKB: { min: 20, max: 40 }, resubmitHours: 48, reviewHours: 48, hasRoster: true, exportKey: 'codeNumber', createdAt: now,
  };
  await db.transaction(async (tx) => {
    await tx.collection('schools').insert({ id: schoolId, code: '10538', name: '中南林业科技大学', createdAt: now });
    await tx.collection('users').insert({ id: ADMIN, openid: ADMIN, roles: ['school'], schoolId, createdAt: now });
    await tx.collection('batches').insert(batch);
  });
  // Every student has their own stored file, as in production (the same few pictures, distinct files).
  const standardIds: string[] = [];
  for (let i = 0; i < count; i++) standardIds.push(await files.put(made[i % made.length]!.jpeg, { contentType: 'image/jpeg' }));
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const number = `2026430${String(100000 + i)}`;
      const enrollment: EnrollmentDoc = {
        id: ids.next(), openid: `bench-student-${i}`, codeNumber: number, batchId: BATCH, freeChecks: 10, checksUsed: 1, createdAt: now,
        code: { number, nameMasked: '张*', idMasked: '430104********1234', schoolCode: '10538', schoolName: '中南林业科技大学', level: '本科', major: '林学', gradYear: 2026 },
      };
      const photo: PhotoDoc = {
        id: ids.next(), enrollmentId: enrollment.id, openid: enrollment.openid, state: 'processing', verdict: 'pass',
        report: made[i % made.length]!.report,
        originalFileId: standardIds[i]!, standardFileId: standardIds[i]!, schoolId, batchId: BATCH, createdAt: now, updatedAt: now, submittedAt: now, reviewedAt: now,
      };
      const roster: RosterDoc = {
        id: ids.next(), batchId: BATCH, codeNumber: number, studentNumber: String(20220000 + i), nameMasked: '张*', idMasked: '430104********1234',
        idHash: `bench-${i}`, department: `学院${i % 8}`, className: `班级${i % 60}`, major: '林学', level: '本科',
      };
      await tx.collection('enrollments').insert(enrollment);
      await tx.collection('photos').insert(photo);
      await tx.collection('roster').insert(roster);
    }
  });
  db.close();
}

/** Child 2: the export through the `school` function's own entry, RSS sampled every 10 ms. */
async function run(dataDir: string): Promise<void> {
  const cloud = await openLocalCloud(loadConfig({ GRADPHOTO_DATA: dataDir, GRADPHOTO_SEED: 'false' }));
  const context = { OPENID: ADMIN };
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external);
  }, 10);
  const started = performance.now();
  const reply = await cloud.mains.school({ action: 'export', input: { batchId: BATCH } }, context);
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  let job = (reply.data as { job: { id: string; state: string; done: number; total: number; bytes?: number; delivered: number } }).job;
  let progressSeen = 0;
  while (job.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const status = await cloud.mains.school({ action: 'exportStatus', input: { jobId: job.id } }, context);
    if (!status.ok) throw new Error(JSON.stringify(status.error));
    job = (status.data as { job: typeof job }).job;
    if (job.state === 'running' && job.done > 0) progressSeen++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  global.gc?.();
  const afterGc = process.memoryUsage();
  await cloud.close();
  process.stdout.write(
    `${JSON.stringify({ state: job.state, total: job.total, delivered: job.delivered, bytes: job.bytes, seconds, baselineMB: baseline / 2 ** 20, peakMB: peak / 2 ** 20, peakHeapMB: peakHeap / 2 ** 20, heapAfterGcMB: (afterGc.heapUsed + afterGc.external) / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024, progressSeen })}\n`,
  );
}

async function main(): Promise<void> {
  const child = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, ...args], { cwd: REPO, maxBuffer: 16 * 2 ** 20 });
  for (const count of SIZES) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gradphoto-bench-export-'));
    try {
      const seeding = Date.now();
      await child(['seed', dataDir, String(count)]);
      const seeded = (Date.now() - seeding) / 1000;
      const { stdout } = await child(['run', dataDir]);
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string>;
      const mb = (value: number | string) => Number(value).toFixed(0);
      console.log(
        `school.export ${String(count).padStart(5)} students: ${r.state}, ${Number(r.seconds).toFixed(1)} s, ZIP ${(Number(r.bytes) / 2 ** 20).toFixed(1)} MB, ` +
          `RSS before ${mb(r.baselineMB!)} MB, peak ${mb(r.peakMB!)} MB (maxRSS ${mb(r.maxRssMB!)} MB; JS heap + buffers peak ${mb(r.peakHeapMB!)} MB, ${mb(r.heapAfterGcMB!)} MB after GC), ${r.delivered} delivered, progress polled ${r.progressSeen}× mid-job  [seeded in ${seeded.toFixed(0)} s]`,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

const [mode, dir, count] = process.argv.slice(2);
const task = mode === 'seed' ? seed(dir!, Number(count)) : mode === 'run' ? run(dir!) : main();
task.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
