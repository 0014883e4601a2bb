import sharp from 'sharp';
import { Client, photo } from './support/client';
import { issueTestCode } from './support/codes';
import { readDemo } from './support/demo';
import { freshLocalCloud } from './support/freshCloud';

/**
 * Reviewers over HTTP on the real local cloud: a photo another student already submitted (here
 * recompressed) is flagged DUPLICATE at check time and shown so in the queue, bulk approval leaves it
 * alone, and two reviewers deciding at once never both win.
 */
const local = freshLocalCloud();
let anonymous: Client;

beforeAll(() => {
  anonymous = new Client(local.cloud.url);
});

async function submitted(batchCode: string, image: Buffer) {
  const student = await anonymous.login('student');
  const code = issueTestCode();
  const { enrollment } = await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4, batchCode });
  const { photo: checked } = await student.ok('student', 'checkPhoto', { enrollmentId: enrollment.id, fileId: await student.uploadOk(image) });
  expect(checked.verdict).toBe('pass');
  return (await student.ok('student', 'submitPhoto', { photoId: checked.id })).photo;
}

it('flags a copy of another student’s photo DUPLICATE, and lets only one of two racing reviewers decide', async () => {
  const demo = readDemo(local.cloud.dataDir);
  const [first, second] = [await anonymous.login('reviewer', undefined, demo.school.id), await anonymous.login('reviewer', undefined, demo.school.id)];

  const original = await submitted(demo.batch.code, photo('ok-gray-bg.jpg'));
  const copy = await submitted(demo.batch.code, await sharp(photo('ok-gray-bg.jpg')).jpeg({ quality: 90 }).toBuffer());

  const flagged = await first.ok('review', 'queue', { flagged: true });
  const item = flagged.items.find((entry) => entry.photo.id === copy.id);
  expect(item?.flags).toContainEqual({ code: 'DUPLICATE', message: '与其他学生的照片相同或高度相似', photoId: original.id });
  // The first submission is not anybody's copy (it may carry the engine's warnings, not DUPLICATE).
  const originalFlags = (await first.ok('review', 'photo', { photoId: original.id })).item.flags;
  expect(originalFlags.map((flag) => flag.code)).not.toContain('DUPLICATE');
  const bulk = await first.ok('review', 'approveUnflagged', { photoIds: [copy.id] });
  expect(bulk).toEqual({ approved: [], skipped: [{ photoId: copy.id, code: 'FLAGGED', message: expect.any(String) }] });

  // Approve and reject at the same moment, then approve and approve: one wins each time.
  const races = [
    [first.call('review', 'approve', { photoId: original.id }), second.call('review', 'reject', { photoId: original.id, reasons: ['BLUR'] })],
    [first.call('review', 'approve', { photoId: copy.id }), second.call('review', 'approve', { photoId: copy.id })],
  ] as const;
  for (const race of races) {
    const replies = await Promise.all(race);
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(replies.find((reply) => !reply.ok)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });
  }
  const decided = await first.ok('review', 'photo', { photoId: original.id });
  expect(decided.history.filter((entry) => entry.event === 'approve' || entry.event === 'reject')).toHaveLength(1);
  expect((await first.ok('review', 'queue', {})).pending).toBe(0);
}, 180_000);

it('keeps payNotify and timers away from clients: only the platform calls them', async () => {
  const student = await anonymous.login('student');
  const forged = { action: 'notify', input: { out_trade_no: 'x', total_fee: '1', transaction_id: 't', result_code: 'SUCCESS', return_code: 'SUCCESS', sign: 'X' } };
  expect(await student.post('/api/payNotify', forged)).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } });
  expect(await student.post('/api/timers', { action: 'closeExpiredOrders', input: {} })).toMatchObject({ ok: false, status: 404 });
  expect(await student.post('/api/dev/pay', { orderId: 'no-such-order' })).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } });
});
