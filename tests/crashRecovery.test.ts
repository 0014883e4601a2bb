import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, photo } from './support/client';
import { issueTestCode } from './support/codes';
import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './support/localCloud';
import { openStore } from './support/store';

// Over HTTP against a real server that runs the engine (models load on the first check; a check takes
// seconds on a busy 2-core machine).
jest.setTimeout(240_000);

/**
 * Nothing lost: the local cloud is killed (SIGKILL) in the middle of uploads and checks, restarted, and
 * every acknowledged upload and recorded state is intact, with no half-written record.
 */
let cloud: RunningCloud | undefined;
let dataDir: string;

afterAll(async () => {
  await cloud?.stop();
  removeDataDir(dataDir);
});

/** The uploads-per-minute quota would turn most of the in-flight uploads away; this test wants them in. */
const UNLIMITED_UPLOADS = { GRADPHOTO_UPLOAD_RATE: '100000' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const FIXTURES = ['ok-gray-bg.jpg', 'bad-dark.jpg', 'ok-red-bg-tight.jpg', 'bad-street-bg.webp', 'bad-room-bg-rgba.png', 'bad-two-faces.jpg'];

it('keeps every acknowledged upload and state across a SIGKILL, and no half-written record', async () => {
  dataDir = tempDataDir();
  cloud = await startLocalCloud(dataDir, UNLIMITED_UPLOADS);
  const student = await new Client(cloud.url).login('student', 'crash-student');
  const code = issueTestCode();
  const { enrollment } = await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4 });
  const first = await student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(photo('ok-gray-bg.jpg')) });
  await student.ok('student', 'submitPhoto', { photoId: first.photo.id });
  // Checks in flight go to a second 学历 (the first one's photo is under review).
  const second = issueTestCode();
  const { enrollment: checking } = await student.ok('student', 'enroll', { text: second.text, idLast4: second.idLast4 });

  // Work in flight: three upload streams and a stream of checks, until the process dies.
  let killed = false;
  const uploads: { fileId: string; sha: string }[] = [];
  const checks: { id: string; verdict: string }[] = [];
  let checkStartedAt: number | undefined;
  // The kill is aimed inside a check: after a random share of the last check's duration (checks take
  // from a few hundred ms to seconds, with the machine's load), so the free checks are not used up first.
  let killAfterMs = Infinity;
  let lastCheckMs: number | undefined;
  const uploadStream = async (offset: number) => {
    for (let i = offset; !killed; i += 3) {
      const data = photo(FIXTURES[i % FIXTURES.length]!);
      const reply = await student.upload(data).catch(() => null);
      if (reply?.ok && !killed) uploads.push({ fileId: reply.data.fileId, sha: sha(data) });
      await pause(150); // steady traffic, not a flood that starves the checks on a small machine
    }
  };
  const checkStream = async () => {
    for (let i = 0; !killed; i++) {
      const fileId = await student.uploadOk(photo(FIXTURES[i % 3]!)).catch(() => null);
      if (!fileId) continue;
      killAfterMs = lastCheckMs === undefined ? Infinity : lastCheckMs * (0.2 + 0.6 * Math.random());
      checkStartedAt = Date.now();
      const reply = await student.call('student', 'checkPhoto', { enrollmentId: checking.id, fileId }).catch(() => null);
      lastCheckMs = Date.now() - checkStartedAt;
      checkStartedAt = undefined;
      if (reply?.ok && !killed) checks.push({ id: reply.data.photo.id, verdict: reply.data.photo.verdict });
      else if (reply && !killed) throw new Error(`check refused: ${JSON.stringify(reply)}`);
    }
  };
  const streams = [uploadStream(0), uploadStream(1), uploadStream(2), checkStream()];
  const deadline = Date.now() + 180_000;
  const landsInsideACheck = () => checkStartedAt !== undefined && Date.now() - checkStartedAt > killAfterMs;
  while ((checks.length < 1 || uploads.length < 10 || !landsInsideACheck()) && Date.now() < deadline) await pause(50);
  expect(checkStartedAt).toBeDefined();
  await cloud.kill();
  killed = true;
  await Promise.all(streams);
  expect(checks.length).toBeGreaterThanOrEqual(1);
  expect(uploads.length).toBeGreaterThanOrEqual(10);

  const store = openStore(dataDir);
  try {
    expect(store.sql.pragma('integrity_check', { simple: true })).toBe('ok');
    const blob = (fileId: string) => path.join(dataDir, 'files', fileId.slice(0, 2), fileId);
    // Every acknowledged upload: its record and exactly its bytes.
    for (const upload of uploads) {
      expect(await store.collection('files').get(upload.fileId)).toMatchObject({ kind: 'upload', owner: 'crash-student' });
      expect(sha(readFileSync(blob(upload.fileId)))).toBe(upload.sha);
    }
    // Every file record has its bytes.
    for (const file of await store.collection('files').find()) expect([file.id, existsSync(blob(file.id))]).toEqual([file.id, true]);
    // Every photo is whole: its stored copies and its audit entry; every acknowledged check is there.
    const photos = await store.collection('photos').find();
    for (const photo of photos) {
      expect(await store.collection('files').get(photo.originalFileId)).not.toBeNull();
      if (photo.standardFileId) expect(await store.collection('files').get(photo.standardFileId)).not.toBeNull();
      const trail = await store.collection('audit').find({ where: { entityId: photo.id }, orderBy: [['id', 'asc']] });
      expect(trail[0]).toMatchObject({ event: 'check', to: 'checked' });
      expect(trail.at(-1)!.to).toBe(photo.state);
    }
    for (const check of checks) expect(photos.find((p) => p.id === check.id)).toMatchObject({ verdict: check.verdict, state: 'checked' });
    expect(photos.find((p) => p.id === first.photo.id)?.state).toBe('pending_review');
    // A free check is charged if and only if its photo was recorded.
    for (const { id } of [enrollment, checking]) {
      expect((await store.collection('enrollments').get(id))?.checksUsed).toBe(photos.filter((p) => p.enrollmentId === id).length);
    }
  } finally {
    store.close();
  }

  // Restarted, the local cloud serves what was recorded, to the same session.
  cloud = await startLocalCloud(dataDir, UNLIMITED_UPLOADS);
  expect(readdirSync(path.join(dataDir, 'files', '.tmp'))).toEqual([]);
  const again = new Client(cloud.url, student.token);
  const { enrollments } = await again.ok('student', 'listEnrollments', {});
  expect(enrollments[0]).toMatchObject({ id: enrollment.id, status: 'pending_review', photo: { id: first.photo.id } });
  const standard = await again.fetchLink(enrollments[0]!.photo!.standardUrl!);
  expect(standard.status).toBe(200);
}, 300_000);
