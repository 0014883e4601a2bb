import AdmZip from 'adm-zip';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../cloudfunctions/codes/chineseId';
import { Client } from './support/client';
import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './support/localCloud';

/**
 * Schools and ops over HTTP on the real local cloud: ops create a school and grant a school admin, who
 * opens a batch (QR code served by its short-lived link), uploads CSV and Excel rosters through
 * `POST /api/files`, imports them, follows progress and downloads the export.
 */
jest.setTimeout(120_000);
const DAY = 24 * 3600_000;
let cloud: RunningCloud;
let dataDir: string;
let anonymous: Client;

beforeAll(async () => {
  dataDir = tempDataDir();
  cloud = await startLocalCloud(dataDir, { GRADPHOTO_SEED: 'false' });
  anonymous = new Client(cloud.url);
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
  removeDataDir(dataDir);
});

function idNumber(sequence: number): string {
  const first17 = `43010420050101${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

it('ops → school admin → batch, QR, roster (CSV and Excel), progress, export', async () => {
  const ops = await anonymous.login('ops', 'it-ops');
  const { school } = await ops.ok('ops', 'createSchool', { code: '10538', name: '中南林业科技大学' });
  expect(await ops.call('ops', 'createSchool', { code: '10538', name: '重复' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  await ops.ok('ops', 'grant', { openid: 'it-admin', role: 'school', schoolId: school.id });
  const admin = await anonymous.login('school', 'it-admin', school.id);

  const now = Date.now();
  const { batch } = await admin.ok('school', 'createBatch', { name: '2026届毕业生图像采集', kind: 'campus', startsAt: now, endsAt: now + 30 * DAY, payer: 'student', priceFen: 2500 });
  const qr = await admin.fetchLink(batch.qrUrl);
  expect(qr.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await qr.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  const bad = await admin.call('school', 'createBatch', { name: '学生付费无价格', kind: 'campus', startsAt: now, endsAt: now + DAY, payer: 'student', priceFen: 0 });
  expect(bad).toMatchObject({ ok: false, status: 400, error: { code: 'INVALID_INPUT', message: '学生付费的批次需要填写价格' } });

  const csv = Buffer.from(`\uFEFF采集码号,学号,姓名,身份证号,院系,班级\n2026430100001,20220001,张三,${idNumber(1)},信息学院,计科2201\n2026430100002,20220002,李四,${idNumber(2).slice(0, 17)}0,信息学院,计科2201\n`);
  const csvId = await admin.uploadOk(csv, 'roster.csv');
  expect(await admin.call('school', 'importRoster', { batchId: batch.id, fileId: csvId })).toMatchObject({
    ok: true,
    data: { imported: 1, updated: 0, errors: [{ row: 3, message: expect.stringContaining('校验位') }] },
  });

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow(['采集码号', '学号', '姓名', '身份证号', '院系', '班级']);
  sheet.addRow(['2026430100002', '20220002', '李四', idNumber(2), '林学院', '林学2201']);
  const xlsxId = await admin.uploadOk(Buffer.from(await workbook.xlsx.writeBuffer()), 'roster.xlsx');
  expect(await admin.ok('school', 'importRoster', { batchId: batch.id, fileId: xlsxId })).toEqual({ imported: 1, updated: 0, errors: [] });

  // A student's upload of a table is not a photo.
  const student = await anonymous.login('student');
  expect(await student.upload(csv, 'roster.csv')).toMatchObject({ ok: false, error: { code: 'FILE_UNSUPPORTED' } });
  expect(await student.call('school', 'progress', { batchId: batch.id })).toMatchObject({ ok: false, status: 403, error: { code: 'FORBIDDEN' } });

  const progress = await admin.ok('school', 'progress', { batchId: batch.id });
  expect(progress.counts).toEqual({ not_enrolled: 2 });
  expect(progress.missing.map((m) => m.studentNumber)).toEqual(['20220001', '20220002']);

  const exported = await admin.ok('school', 'export', { batchId: batch.id });
  expect(exported.job).toMatchObject({ state: 'done', total: 0 });
  const zip = new AdmZip(Buffer.from(await (await admin.fetchLink(exported.url!)).arrayBuffer()));
  expect(zip.getEntries().map((entry) => entry.entryName)).toEqual(['manifest.csv', 'manifest.xlsx', 'print-sheet.pdf']);
  expect((await admin.ok('school', 'exportStatus', { jobId: exported.job.id })).job.state).toBe('done');
  expect((await admin.ok('school', 'listBatches', {})).batches.map((b) => b.code)).toEqual([batch.code]);
});
