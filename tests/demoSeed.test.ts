import { readCodeFromImage } from '../cloudfunctions/codes/qrRead';
import { Client } from './support/client';
import { readDemo } from './support/demo';
import { freshLocalCloud } from './support/freshCloud';

/**
 * The demo data a fresh local cloud seeds on its first start is real data: the demo batch is opened the way
 * a school opens one, so its admin lists it with its QR code, and the QR code opens the enrol page with the
 * batch's 特征码.
 */
jest.setTimeout(60_000);
const local = freshLocalCloud();

it("the demo school's admin lists the demo batch and fetches its QR code", async () => {
  const demo = readDemo(local.cloud.dataDir);
  const admin = await new Client(local.cloud.url).login('school', demo.schoolAdmin, demo.school.id);
  const { batches } = await admin.ok('school', 'listBatches', {});
  expect(batches).toEqual([expect.objectContaining({ id: demo.batch.id, code: demo.batch.code, name: demo.batch.name, schoolId: demo.school.id, payer: 'student', priceFen: 2500 })]);

  const qr = await admin.fetchLink(batches[0]!.qrUrl);
  expect(qr.status).toBe(200);
  expect(qr.headers.get('content-type')).toBe('image/png');
  const text = await readCodeFromImage(Buffer.from(await qr.arrayBuffer()));
  expect(text).toMatch(new RegExp(`/#/pages/enroll/index\\?batch=${demo.batch.code}$`));
});

it('the demo batch is open: a student enrols in it with a demo 采集码', async () => {
  const demo = readDemo(local.cloud.dataDir);
  const student = await new Client(local.cloud.url).login('student');
  const code = demo.codes[0]!;
  const { enrollment } = await student.ok('student', 'enroll', { batchCode: demo.batch.code.toLowerCase(), idLast4: code.idLast4, text: code.text });
  expect(enrollment).toMatchObject({ batchId: demo.batch.id, code: { number: code.number } });
});
