import autocannon from 'autocannon';
import { Client, photo } from '../tests/support/client';
import { issueTestCode } from '../tests/support/codes';
import { removeDataDir, startLocalCloud, tempDataDir } from '../tests/support/localCloud';

/**
 * `npm run bench:api`: the local cloud's API and engine throughput, printed as figures.
 *  1. requests per second and p50/p99 latency of `student.listEnrollments` at 50 concurrent connections
 *     (autocannon), for a student with two 学历, one of them with a checked photo;
 *  2. end-to-end checks per minute: upload + `student.checkPhoto` (the real engine in its worker pool).
 * Options (env): BENCH_SECONDS (default 10), BENCH_CHECKS (default 6), GRADPHOTO_IMAGING_WORKERS.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 6);

async function main(): Promise<void> {
  const dataDir = tempDataDir();
  // The per-user quotas would cap the figures at the quota: lift them for the measurement.
  const cloud = await startLocalCloud(dataDir, { GRADPHOTO_API_RATE: '100000000', GRADPHOTO_UPLOAD_RATE: '100000' });
  try {
    const student = await new Client(cloud.url).login('student');
    const enrol = async () => {
      const code = issueTestCode();
      return (await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4 })).enrollment;
    };
    const enrollment = await enrol();
    await enrol();

    // Checks: the first one loads the models (reported apart), then CHECKS more, two in flight at a time.
    const checkOnce = async () =>
      student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(photo('ok-gray-bg.jpg')) });
    let started = Date.now();
    await checkOnce();
    const coldMs = Date.now() - started;
    const more = await enrol();
    started = Date.now();
    let next = 0;
    const checkMore = async () => {
      while (next++ < CHECKS) {
        await student.ok('student', 'checkPhoto', { enrollmentId: more.id, fileId: await student.uploadOk(photo('ok-gray-bg.jpg')) });
      }
    };
    await Promise.all([checkMore(), checkMore()]);
    const checksPerMinute = (CHECKS / (Date.now() - started)) * 60_000;

    const result = await autocannon({
      url: `${cloud.url}/api/student`,
      connections: 50,
      duration: SECONDS,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${student.token}` },
      body: JSON.stringify({ action: 'listEnrollments', input: {} }),
    });
    console.log(`student.listEnrollments, 50 connections, ${SECONDS} s (autocannon):`);
    console.log(`  ${result.requests.average.toFixed(0)} requests/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx`);
    console.log(`end-to-end checks (upload + student.checkPhoto, ok-gray-bg.jpg, 2 in flight):`);
    console.log(`  ${checksPerMinute.toFixed(1)} checks/minute over ${CHECKS} checks; the first check (models loading) took ${(coldMs / 1000).toFixed(1)} s`);
  } finally {
    await cloud.stop();
    removeDataDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
