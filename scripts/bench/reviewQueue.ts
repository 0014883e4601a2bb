/**
 * `npm run bench:review-queue` (part of `bench:api`): the p99 latency of `review.queue` over HTTP on the
 * real local cloud with 10 000 photos pending review at one school (api.md's action, as the reviewers'
 * screen calls it), for the first page, a filtered page and a page deep in the queue.
 * Prints one line per scenario; GRADPHOTO_BENCH_PENDING and GRADPHOTO_BENCH_SECONDS change the size.
 */
import autocannon from 'autocannon';
import { sortableIds } from '../../cloudfunctions/adapters/local/sortableIds';
import type { EnrollmentDoc, PhotoDoc } from '../../cloudfunctions/contracts';
import { CHECK_CODES } from '../../cloudfunctions/photo/report';
import { removeDataDir, startLocalCloud, tempDataDir } from '../../tests/support/localCloud';
import { openStore, testBatch } from '../../tests/support/store';

const PENDING = Number(process.env.GRADPHOTO_BENCH_PENDING ?? 10_000);
const SECONDS = Number(process.env.GRADPHOTO_BENCH_SECONDS ?? 10);
const HOUR = 3600_000;

/** One school, two batches, PENDING submitted photos with full engine reports, 1 in 10 flagged. */
async function seed(dataDir: string): Promise<{ schoolId: string; batchId: string }> {
  const db = openStore(dataDir);
  const ids = sortableIds();
  const now = Date.now();
  const schoolId = 'bench-school';
  const batches = ['bench-batch-a', 'bench-batch-b'];
  await db.transaction(async (tx) => {
    await tx.collection('schools').insert({ id: schoolId, code: '10538', name: '中南林业科技大学', createdAt: now });
    for (const [i, id] of batches.entries()) {
      const batch = testBatch(id, `BENCH${i + 2}`, schoolId, { name: `压测批次${i + 1}`, startsAt: now - 30 * 24 * HOUR });
      await tx.collection('batches').insert(batch);
    }
    await tx.collection('users').insert({ id: 'bench-reviewer', openid: 'bench-reviewer', roles: ['reviewer'], schoolId, createdAt: now });
    for (let i = 0; i < PENDING; i++) {
      const number = `2026430${String(100000 + i)}`;
      const batchId = batches[i % 2]!;
      const enrollment: EnrollmentDoc = {
        id: ids.next(),
        openid: `bench-student-${i}`,
        codeNumber: number,
        code: { number, nameMasked: '张*', idMasked: '430104********1234', schoolCode: '10538', schoolName: '中南林业科技大学', level: '本科', major: '林学', gradYear: 2026 },
        batchId,
        freeChecks: 10,
        checksUsed: 1,
        createdAt: now,
      };
      const flagged = i % 10 === 0;
      const photo: PhotoDoc = {
        id: ids.next(),
        enrollmentId: enrollment.id,
        openid: enrollment.openid,
        state: 'pending_review',
        verdict: 'pass',
        report: {
          verdict: 'pass',
          checks: CHECK_CODES.map((code) => ({ code, status: flagged && code === 'HEAD_YAW' ? 'warn' : 'pass', value: 1.5, limit: 10, message: '符合要求' })),
          face: { count: 1, faceWidthPx: 310, rollDeg: 0.4, yawDeg: 2.1, pitchDeg: 3.3 },
          phash: (0x8f3c00ff12345678n + BigInt(i)).toString(16).padStart(16, '0'),
          timingMs: { total: 2400, decode: 40, face: 600, matte: 900 },
          output: { width: 480, height: 640, bytes: 30_000, dpi: 300, eyeLineY: 280, faceWidthPx: 250, headTopY: 90, centerX: 240, background: [67, 142, 219] },
        },
        originalFileId: `${(i + 1).toString(16).padStart(24, '0')}.jpg`,
        standardFileId: `${(i + 1).toString(16).padStart(24, 'a')}.jpg`,
        schoolId,
        batchId,
        flags: flagged ? [{ code: 'HEAD_YAW', message: '头部略有偏转' }] : [],
        flagged,
        createdAt: now - 72 * HOUR + i * 1000,
        updatedAt: now - 72 * HOUR + i * 1000,
        // Spread over three days: the oldest are past the 48 h promise.
        submittedAt: now - 72 * HOUR + Math.floor((i * 72 * HOUR) / PENDING),
      };
      await tx.collection('enrollments').insert(enrollment);
      await tx.collection('photos').insert(photo);
    }
  });
  db.close();
  return { schoolId, batchId: batches[0]! };
}

async function post(url: string, body: unknown, token?: string): Promise<{ ok: boolean; data?: Record<string, unknown>; error?: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return (await response.json()) as { ok: boolean; data?: Record<string, unknown> };
}

async function measure(name: string, url: string, token: string, input: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify({ action: 'queue', input });
  const check = await post(`${url}/api/review`, { action: 'queue', input }, token);
  if (!check.ok) throw new Error(`${name}: ${JSON.stringify(check.error)}`);
  const result = await autocannon({ url: `${url}/api/review`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body, connections: 4, duration: SECONDS });
  const items = (check.data?.items as unknown[]).length;
  console.log(
    `review.queue ${name.padEnd(28)} pending=${PENDING} items=${items}  p50=${result.latency.p50} ms  p99=${result.latency.p99} ms  max=${result.latency.max} ms  ${Math.round(result.requests.average)} req/s  non-2xx=${result.non2xx}`,
  );
}

async function main(): Promise<void> {
  const dataDir = tempDataDir();
  try {
    const started = Date.now();
    const { batchId } = await seed(dataDir);
    console.log(`seeded ${PENDING} pending photos in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The per-user quota would cap the figures at the quota: lift it for the measurement.
    const cloud = await startLocalCloud(dataDir, { GRADPHOTO_SEED: 'false', GRADPHOTO_API_RATE: '100000000' });
    try {
      const login = await post(`${cloud.url}/api/dev/login`, { role: 'reviewer', openid: 'bench-reviewer', schoolId: 'bench-school' });
      const token = (login.data as { token: string }).token;
      const first = await post(`${cloud.url}/api/review`, { action: 'queue', input: { limit: 20 } }, token);
      console.log(`first page: pending=${String(first.data?.pending)} overdue=${String(first.data?.overdue)}`);
      await measure('first page (20)', cloud.url, token, { limit: 20 });
      await measure('flagged only (20)', cloud.url, token, { flagged: true, limit: 20 });
      await measure('one batch, unflagged (20)', cloud.url, token, { batchId, flagged: false, limit: 20 });
      // A page about 5 000 photos deep: the cursor of the photo at that position.
      let cursor = first.data?.next as string | undefined;
      for (let page = 0; page < 50 && cursor; page++) cursor = (await post(`${cloud.url}/api/review`, { action: 'queue', input: { limit: 100, cursor } }, token)).data?.next as string | undefined;
      await measure(`page ${Math.min(PENDING, 5000)} deep (20)`, cloud.url, token, { limit: 20, cursor });
    } finally {
      await cloud.stop();
    }
  } finally {
    removeDataDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
