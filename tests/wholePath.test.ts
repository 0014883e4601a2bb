import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { Client, photo } from './support/client';
import { issueTestCode } from './support/codes';
import { readDemo } from './support/demo';
import { freshLocalCloud } from './support/freshCloud';

/**
 * The whole path of issue 4 over HTTP on the real local cloud, as the mini-program and the admin tab
 * drive it: enrol, check (real engine, real fixture photos), submit, reject, resubmit, approve, pay in
 * the sandbox (`POST /api/dev/pay` → signed notification → payNotify), export, download and e-mail.
 */
const local = freshLocalCloud();
let anonymous: Client;

beforeAll(() => {
  anonymous = new Client(local.cloud.url);
});

async function checkAndSubmit(student: Client, enrollmentId: string, fixture: string) {
  const fileId = await student.uploadOk(photo(fixture));
  const { photo: checked } = await student.ok('student', 'checkPhoto', { enrollmentId, fileId });
  expect([fixture, checked.verdict]).toEqual([fixture, 'pass']);
  return (await student.ok('student', 'submitPhoto', { photoId: checked.id })).photo;
}

it('enrol → check → submit → reject → resubmit → approve → pay → export → download', async () => {
  const demo = readDemo(local.cloud.dataDir);
  const student = await anonymous.login('student', 'graduate-whole-path');
  const reviewer = await anonymous.login('reviewer', undefined, demo.school.id);
  const schoolAdmin = await anonymous.login('school', undefined, demo.school.id);

  // Enrol with the demo batch's 特征码 and a sandbox 采集码 of the demo school.
  const code = issueTestCode();
  const { enrollment } = await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4, batchCode: demo.batch.code });

  // Check and submit; the reviewer sees it in the queue with both pictures and the measurements.
  const first = await checkAndSubmit(student, enrollment.id, 'ok-gray-bg.jpg');
  const queue = await reviewer.ok('review', 'queue', { batchId: demo.batch.id });
  const item = queue.items.find((entry) => entry.photo.id === first.id);
  expect(item).toMatchObject({ student: { codeNumber: code.payload.number, nameMasked: code.payload.nameMasked }, batch: { code: demo.batch.code }, overdue: false });
  expect((await reviewer.fetchLink(item!.photo.standardUrl!)).status).toBe(200);
  expect((await reviewer.fetchLink(item!.photo.originalUrl!)).status).toBe(200);

  // Reject: the student is told why and when to resubmit.
  const rejected = await reviewer.ok('review', 'reject', { photoId: first.id, reasons: ['BACKGROUND', 'LIGHTING'], note: '请在均匀光线下重拍' });
  expect(rejected.photo).toMatchObject({ state: 'rejected', rejectReasons: [{ code: 'BACKGROUND' }, { code: 'LIGHTING' }] });
  const inbox = await student.ok('student', 'listNotifications', {});
  expect(inbox.notifications[0]).toMatchObject({ kind: 'review_rejected', title: '照片审核未通过', read: false });
  const pushed = readFileSync(path.join(local.cloud.dataDir, 'outbox', 'subscribe-messages.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { touser: string });
  expect(pushed.at(-1)).toMatchObject({ touser: 'graduate-whole-path', template: 'reviewResult', data: { thing1: { value: '照片审核未通过' } } });

  // Resubmit another photo; the reviewer sees the earlier attempt and approves.
  const second = await checkAndSubmit(student, enrollment.id, 'ok-red-bg-tight.jpg');
  const detail = await reviewer.ok('review', 'photo', { photoId: second.id });
  expect(detail.attempts.map((attempt) => [attempt.id, attempt.state])).toEqual([[first.id, 'rejected']]);
  expect((await reviewer.ok('review', 'approve', { photoId: second.id })).photo.state).toBe('approved');
  expect(await reviewer.call('review', 'approve', { photoId: second.id })).toMatchObject({ ok: false, status: 409, error: { code: 'INVALID_STATE' } });

  // Pay the batch's fee in the sandbox: the signed notification reaches payNotify and the photo is locked (待处理).
  const { order, payment } = await student.ok('student', 'createOrder', { enrollmentId: enrollment.id, kind: 'collection' });
  expect(order).toMatchObject({ kind: 'collection', state: 'created', amountFen: 2500 });
  expect(payment).toMatchObject({ signType: 'HMAC-SHA256', paySign: expect.stringMatching(/^[0-9A-F]{64}$/) });
  expect(await student.post('/api/dev/pay', { orderId: order.id })).toMatchObject({ ok: true, data: { return_code: 'SUCCESS' } });
  expect(await student.post('/api/dev/pay', { orderId: order.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
  const [afterPay] = (await student.ok('student', 'listEnrollments', {})).enrollments;
  expect(afterPay).toMatchObject({ status: 'processing', order: { id: order.id, state: 'paid' } });
  expect(await student.call('student', 'downloadPhoto', { enrollmentId: enrollment.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });

  // The school exports the batch: the ZIP holds the photo named by the 采集码 number, and the photo is completed.
  const exported = await schoolAdmin.ok('school', 'export', { batchId: demo.batch.id });
  expect(exported.url).toBeDefined();
  const zip = Buffer.from(await (await schoolAdmin.fetchLink(exported.url!)).arrayBuffer());
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  for (const name of [`${code.payload.number}.jpg`, 'manifest.csv', 'manifest.xlsx', 'print-sheet.pdf']) expect(zip.includes(Buffer.from(name))).toBe(true);
  expect((await student.ok('student', 'listEnrollments', {})).enrollments[0]?.status).toBe('delivered');

  // Download through a short-lived link, and by e-mail into the local outbox.
  const download = await student.ok('student', 'downloadPhoto', { enrollmentId: enrollment.id });
  const response = await student.fetchLink(download.url);
  expect(response.headers.get('content-type')).toBe('image/jpeg');
  const jpeg = Buffer.from(await response.arrayBuffer());
  expect(await sharp(jpeg).metadata()).toMatchObject({ width: 480, height: 640 });
  expect(await student.ok('student', 'emailPhoto', { enrollmentId: enrollment.id, email: 'graduate@example.com' })).toEqual({ sentTo: 'graduate@example.com' });
  const eml = readdirSync(path.join(local.cloud.dataDir, 'outbox')).filter((name) => name.endsWith('.eml'));
  expect(eml).toHaveLength(1);
  expect(readFileSync(path.join(local.cloud.dataDir, 'outbox', eml[0]!), 'utf8')).toContain(`filename=${code.payload.number}.jpg`);
}, 240_000);
