import * as net from 'node:net';
import sharp from 'sharp';
import { Client, photo } from './support/client';
import { issueTestCode } from './support/codes';
import { readDemo } from './support/demo';
import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './support/localCloud';
import { openStore, testBatch, testSchool } from './support/store';

// Over HTTP against a real server that runs the engine (models load on the first check; a check takes
// seconds on a busy 2-core machine).
jest.setTimeout(240_000);

/**
 * The student path over HTTP against the real local cloud: sandbox 采集码 images issued by the codes
 * library, real fixture photos through the real engine.
 */
const DAY = 24 * 60 * 60 * 1000;
let cloud: RunningCloud;
let dataDir: string;
let anonymous: Client;
let demoBatchCode: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  const store = openStore(dataDir);
  await store.collection('schools').insert(testSchool('school-t', '10533', '测试学院'));
  await store.collection('batches').insert(testBatch('batch-quota', 'Q2Q2Q2', 'school-t', { freeChecks: 2 }));
  await store.collection('batches').insert(testBatch('batch-closed', 'C7C7C7', 'school-t', { endsAt: Date.now() - DAY }));
  await store.collection('batches').insert(testBatch('batch-later', 'N4T3R5', 'school-t', { startsAt: Date.now() + DAY }));
  store.close();
  cloud = await startLocalCloud(dataDir);
  anonymous = new Client(cloud.url);
  demoBatchCode = readDemo(dataDir).batch.code;
});

afterAll(async () => {
  await cloud?.stop();
  removeDataDir(dataDir);
});

async function enrolled(student: Client, options: { batchCode?: string; schoolCode?: string; schoolName?: string } = {}) {
  const code = issueTestCode(options);
  const { enrollment } = await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4, batchCode: options.batchCode });
  return { code, enrollment };
}

describe('adding a 学历 (student.readCode, student.enroll)', () => {
  it('reads the saved 采集码 image and enrols with the batch 特征码, case-insensitively', async () => {
    const student = await anonymous.login('student');
    const code = issueTestCode();
    const fileId = await student.uploadOk(await code.png(), 'code.png');

    const read = await student.ok('student', 'readCode', { fileId });
    expect(read.code).toEqual(code.payload);

    const wrong = await student.call('student', 'enroll', { fileId, batchCode: demoBatchCode, idLast4: '0000' });
    expect(wrong).toMatchObject({ ok: false, status: 422, error: { code: 'LAST4_MISMATCH', message: '身份证号后4位不正确，还可尝试4次' } });

    const { enrollment } = await student.ok('student', 'enroll', { fileId, batchCode: ` ${demoBatchCode.toLowerCase()} `, idLast4: code.idLast4 });
    expect(enrollment).toMatchObject({ status: 'awaiting_photo', checksLeft: 10, code: { number: code.payload.number }, batch: { code: demoBatchCode } });

    const again = await student.ok('student', 'enroll', { text: code.text, batchCode: demoBatchCode, idLast4: code.idLast4 });
    expect(again.enrollment.id).toBe(enrollment.id);
    expect((await student.ok('student', 'listEnrollments', {})).enrollments.map((e) => e.id)).toEqual([enrollment.id]);
  });

  it('lets one student hold several 学历, with a batch or as a walk-in', async () => {
    const student = await anonymous.login('student');
    const first = await enrolled(student, { batchCode: demoBatchCode });
    const walkIn = await enrolled(student);
    expect(walkIn.enrollment.batchId).toBeUndefined();
    const list = await student.ok('student', 'listEnrollments', {});
    expect(list.enrollments.map((e) => e.id)).toEqual([first.enrollment.id, walkIn.enrollment.id]);
  });

  it('never lets a second WeChat account claim the same 采集码', async () => {
    const owner = await anonymous.login('student');
    const { code } = await enrolled(owner);
    const other = await anonymous.login('student');
    const reply = await other.call('student', 'enroll', { text: code.text, idLast4: code.idLast4 });
    expect(reply).toMatchObject({ ok: false, status: 409, error: { code: 'CONFLICT' } });
    expect((await other.ok('student', 'listEnrollments', {})).enrollments).toEqual([]);
  });

  it('checks the batch: it must exist, be open, and belong to the code’s school', async () => {
    const student = await anonymous.login('student');
    const code = issueTestCode(); // demo school 10538
    const enroll = (batchCode: string) => student.call('student', 'enroll', { text: code.text, idLast4: code.idLast4, batchCode });
    expect((await enroll('Q2Q2Q2')).ok || undefined).toBeUndefined();
    expect(await enroll('Q2Q2Q2')).toMatchObject({ error: { code: 'SCHOOL_MISMATCH' } });
    expect(await enroll('C7C7C7')).toMatchObject({ error: { code: 'BATCH_CLOSED', message: '该批次已结束采集' } });
    expect(await enroll('N4T3R5')).toMatchObject({ error: { code: 'BATCH_CLOSED', message: '该批次尚未开始采集' } });
    expect(await enroll('ZZZZZZ')).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await enroll('O0I1L0')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('locks a 采集码 for 30 minutes after 5 wrong last-4 tries', async () => {
    const student = await anonymous.login('student');
    const code = issueTestCode();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await student.call('student', 'enroll', { text: code.text, idLast4: '000X' });
      codes.push(reply.ok ? 'ok' : reply.error.code);
    }
    expect(codes).toEqual(['LAST4_MISMATCH', 'LAST4_MISMATCH', 'LAST4_MISMATCH', 'LAST4_MISMATCH', 'LOCKED']);
    const right = await student.call('student', 'enroll', { text: code.text, idLast4: code.idLast4 });
    expect(right).toMatchObject({ ok: false, status: 423, error: { code: 'LOCKED', message: '身份证号后4位错误次数过多，请30分钟后再试' } });
  });

  it('says what is wrong with a code that is not readable or not valid', async () => {
    const student = await anonymous.login('student');
    const notACode = await student.uploadOk(photo('ok-gray-bg.jpg'));
    expect(await student.call('student', 'readCode', { fileId: notACode })).toMatchObject({ error: { code: 'CODE_UNREADABLE' } });
    const code = issueTestCode();
    const tampered = code.text.slice(0, -6) + (code.text.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    expect(await student.call('student', 'readCode', { text: tampered })).toMatchObject({ error: { code: 'CODE_INVALID' } });
    expect(await student.call('student', 'readCode', {})).toMatchObject({ status: 400, error: { code: 'INVALID_INPUT' } });
  });
});

describe('uploads (POST /api/files)', () => {
  it('judges the type by content, not by name', async () => {
    const student = await anonymous.login('student');
    expect(await student.upload(photo('bad-not-an-image.jpg'), 'photo.jpg')).toMatchObject({ status: 415, error: { code: 'FILE_UNSUPPORTED' } });
    const webp = await student.upload(photo('bad-street-bg.webp'), 'street.jpg');
    expect(webp.ok).toBe(true);
  });

  it('refuses a file over 20 MB also when its first 20 MB arrive as one piece (the limit on a chunk boundary)', async () => {
    const student = await anonymous.login('student');
    const boundary = 'gradphoto-test-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const limit = 20 * 1024 * 1024;
    const body = Buffer.concat([head, Buffer.alloc(limit + 4096, 1), tail]);
    const { hostname, port } = new URL(cloud.url);
    // Everything up to the limit in one write; the rest only after the server has read it all.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(
          `POST /api/files HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${student.token}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        );
        socket.write(body.subarray(0, head.length + limit));
        setTimeout(() => socket.end(body.subarray(head.length + limit)), 1000);
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toContain('413');
    expect(reply).toContain('FILE_TOO_LARGE');
  });

  it('refuses files over 20 MB and callers without a session', async () => {
    const student = await anonymous.login('student');
    expect(await student.upload(Buffer.alloc(21 * 1024 * 1024, 1))).toMatchObject({ status: 413, error: { code: 'FILE_TOO_LARGE' } });
    expect(await anonymous.upload(photo('ok-gray-bg.jpg'))).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('photos (student.checkPhoto, submitPhoto, withdrawPhoto, getEnrollment)', () => {
  it('checks with the engine, keeps only metadata-free copies, and walks submit → withdraw', async () => {
    const student = await anonymous.login('student');
    const { enrollment } = await enrolled(student, { batchCode: demoBatchCode });
    // The student's phone wrote EXIF (camera, software): the stored copies must not keep it.
    const withExif = await sharp(photo('ok-gray-bg.jpg'))
      .withExif({ IFD0: { Make: 'TestPhone', Model: 'Serial 12345', Software: 'GradPhoto test' } })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect((await sharp(withExif).metadata()).exif).toBeDefined();

    const passing = await student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(withExif) });
    expect(passing.photo).toMatchObject({ state: 'checked', verdict: 'pass', checksLeft: 9 });
    expect(passing.photo.checks.filter((check) => check.status === 'fail')).toEqual([]);
    const standard = Buffer.from(await (await student.fetchLink(passing.photo.standardUrl!)).arrayBuffer());
    const standardMeta = await sharp(standard).metadata();
    expect(standardMeta).toMatchObject({ format: 'jpeg', width: 480, height: 640 });
    expect(standardMeta.exif).toBeUndefined();
    const original = await sharp(Buffer.from(await (await student.fetchLink(passing.photo.originalUrl!)).arrayBuffer())).metadata();
    expect(original.exif).toBeUndefined();
    expect((await fetch(`${cloud.url}${passing.photo.standardUrl!.replace(/token=[^&]+/, 'token=1.forged')}`)).status).toBe(404);

    const failing = await student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(photo('bad-blurred.jpg')) });
    expect(failing.photo).toMatchObject({ verdict: 'fail', checksLeft: 8 });
    expect(failing.photo.standardUrl).toBeUndefined();
    expect(failing.photo.checks.some((check) => check.status === 'fail')).toBe(true);
    expect(await student.call('student', 'submitPhoto', { photoId: failing.photo.id })).toMatchObject({ status: 422, error: { code: 'PHOTO_NOT_PASSING' } });

    const submitted = await student.ok('student', 'submitPhoto', { photoId: passing.photo.id });
    expect(submitted.photo.state).toBe('pending_review');
    expect(await student.call('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(photo('ok-gray-bg.jpg')) })).toMatchObject({
      status: 409,
      error: { code: 'INVALID_STATE' },
    });
    expect((await student.ok('student', 'listEnrollments', {})).enrollments[0]).toMatchObject({ status: 'pending_review', photo: { id: passing.photo.id } });

    expect((await student.ok('student', 'withdrawPhoto', { photoId: passing.photo.id })).photo.state).toBe('withdrawn');
    expect(await student.call('student', 'withdrawPhoto', { photoId: passing.photo.id })).toMatchObject({ error: { code: 'INVALID_STATE' } });
    expect(await student.call('student', 'submitPhoto', { photoId: passing.photo.id })).toMatchObject({ error: { code: 'INVALID_STATE' } });

    const status = await student.ok('student', 'getEnrollment', { enrollmentId: enrollment.id });
    const history = status.photos.find((p) => p.id === passing.photo.id)!.history;
    expect(history.map((h) => [h.event, h.from, h.to])).toEqual([
      ['check', undefined, 'checked'],
      ['submit', 'checked', 'pending_review'],
      ['withdraw', 'pending_review', 'withdrawn'],
    ]);
    expect(status.enrollment.checksLeft).toBe(8);
  });

  it('remakes a passing photo’s standard photo (student.remakePhoto) without charging a free check', async () => {
    const student = await anonymous.login('student');
    const { enrollment } = await enrolled(student, { batchCode: demoBatchCode });
    const checked = await student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(photo('ok-gray-bg.jpg')) });
    expect(checked.photo).toMatchObject({ verdict: 'pass', checksLeft: 9 });

    const remade = await student.ok('student', 'remakePhoto', { photoId: checked.photo.id });
    expect(remade.photo).toMatchObject({ id: checked.photo.id, state: 'checked', verdict: 'pass', checksLeft: 9 });
    expect(remade.photo.standardUrl).not.toBe(checked.photo.standardUrl);
    const standard = Buffer.from(await (await student.fetchLink(remade.photo.standardUrl!)).arrayBuffer());
    expect(await sharp(standard).metadata()).toMatchObject({ format: 'jpeg', width: 480, height: 640 });
    // The replaced standard photo is gone from storage.
    expect((await student.fetchLink(checked.photo.standardUrl!)).status).toBe(404);

    const status = await student.ok('student', 'getEnrollment', { enrollmentId: enrollment.id });
    expect(status.enrollment.checksLeft).toBe(9);
    expect(status.photos[0]!.history.map((h) => h.event)).toEqual(['check', 'remake']);
    expect(await student.call('student', 'remakePhoto', { photoId: 'nope' })).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
  });

  it('enforces the batch’s free checks atomically, even for concurrent checks', async () => {
    const student = await anonymous.login('student');
    const { enrollment } = await enrolled(student, { batchCode: 'q2q2q2', schoolCode: '10533', schoolName: '测试学院' });
    expect(enrollment.checksLeft).toBe(2);
    const fileIds = await Promise.all(['bad-dark.jpg', 'bad-tilted.jpg', 'ok-red-bg-tight.jpg'].map((name) => student.uploadOk(photo(name))));
    const replies = await Promise.all(fileIds.map((fileId) => student.call('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId })));
    expect(replies.filter((reply) => reply.ok)).toHaveLength(2);
    expect(replies.filter((reply) => !reply.ok).map((reply) => !reply.ok && reply.error.code)).toEqual(['QUOTA_EXCEEDED']);
    const status = await student.ok('student', 'getEnrollment', { enrollmentId: enrollment.id });
    expect(status.photos).toHaveLength(2);
    expect(status.enrollment.checksLeft).toBe(0);
  });
});
