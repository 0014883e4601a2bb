import { readdirSync } from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../codes/chineseId';
import type { BatchDoc, EnrollmentDoc, PhotoDoc, SchoolDoc } from '../contracts/documents';
import type { PhotoState } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { Caller } from './deps';
import { exportBatch } from './exportBatch';
import { exportStatus } from './exportStatus';
import { importRoster } from './importRoster';
import { findPrintFont } from './printFont';
import { inspectPdf } from './testing/pdfInspect';
import { openSchoolWorld, standardPhotos, type SchoolWorld } from './testing/schoolWorld';

const PHOTO_STATES_AFTER = async (world: SchoolWorld, photos: readonly PhotoDoc[]) =>
  Promise.all(photos.map(async (photo) => (await world.db.collection('photos').get(photo.id))?.state));

function idNumber(sequence: number): string {
  const first17 = `43010420040101${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

describe('school.export', () => {
  let jpegs: Buffer[];
  let world: SchoolWorld;
  let school: SchoolDoc;
  let admin: Caller;

  beforeAll(async () => {
    jpegs = await standardPhotos();
  }, 400_000);

  async function open(options: { exportInlineLimit?: number } = {}) {
    world = await openSchoolWorld(options);
    school = await world.school('10538');
    admin = await world.staff('school', school);
  }
  afterEach(() => world.close());

  /** A student of the batch whose current photo is in `state`, with a real standard photo from the engine. */
  async function studentWithPhoto(batch: BatchDoc, state: PhotoState, index: number): Promise<{ enrollment: EnrollmentDoc; photo: PhotoDoc; jpeg: Buffer }> {
    const { enrollment } = await world.student(batch);
    const jpeg = jpegs[index % jpegs.length]!;
    const standardFileId = await world.deps.files.put(jpeg, { contentType: 'image/jpeg' });
    const photo = await world.photo(enrollment, { state, standardFileId, reviewedAt: world.clock.now() });
    return { enrollment, photo, jpeg };
  }

  function csv(rows: readonly (readonly string[])[]): Buffer {
    return Buffer.from(`\uFEFF${rows.map((row) => row.join(',')).join('\n')}\n`);
  }

  async function zipOf(fileId: string): Promise<AdmZip> {
    const stored = await world.deps.files.get(fileId);
    expect(stored?.contentType).toBe('application/zip');
    return new AdmZip(stored!.data);
  }

  it('builds a small batch’s ZIP at once: photos by 采集码号, manifest.csv, manifest.xlsx, print-sheet.pdf; exported photos are delivered', async () => {
    await open();
    const batch = await world.batch(school, { payer: 'student' });
    const processing = [await studentWithPhoto(batch, 'processing', 0), await studentWithPhoto(batch, 'processing', 1), await studentWithPhoto(batch, 'processing', 2)];
    const delivered = await studentWithPhoto(batch, 'delivered', 3);
    const unpaid = await studentWithPhoto(batch, 'approved', 4);
    const pending = await studentWithPhoto(batch, 'pending_review', 5);
    const rosterFile = await world.uploadTable(
      admin,
      csv([
        ['采集码号', '学号', '姓名', '身份证号', '院系', '班级'],
        [processing[0]!.enrollment.codeNumber, '20220001', '张三', idNumber(1), '信息学院', '计科2201'],
        [processing[1]!.enrollment.codeNumber, '20220002', '李四', idNumber(2), '林学院', '林学2201'],
      ]),
    );
    await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: rosterFile });

    const result = await exportBatch(world.schoolDeps, admin, { batchId: batch.id });

    expect(result.job).toMatchObject({ state: 'done', total: 4, done: 4, delivered: 3 });
    expect(result.url).toContain(`/api/files/${result.fileId}?token=`);
    const zip = await zipOf(result.fileId!);
    const exported = [...processing, delivered];
    const names = zip.getEntries().map((entry) => entry.entryName);
    expect(names).toEqual([...exported.map((s) => `photos/${s.enrollment.codeNumber}.jpg`), 'manifest.csv', 'manifest.xlsx', 'print-sheet.pdf']);
    for (const student of exported) expect(zip.getEntry(`photos/${student.enrollment.codeNumber}.jpg`)?.getData().equals(student.jpeg)).toBe(true);

    const csvText = zip.getEntry('manifest.csv')!.getData().toString('utf8');
    expect(csvText.startsWith('\uFEFF照片文件,采集码号,学号,姓名,身份证号,学校,层次,专业,毕业年份,院系,班级,审核通过时间\r\n')).toBe(true);
    const lines = csvText.trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`photos/${processing[0]!.enrollment.codeNumber}.jpg,${processing[0]!.enrollment.codeNumber},20220001,张*,430104********${idNumber(1).slice(-4)},学校10538,本科,计算机科学与技术,2026,信息学院,计科2201,2026-06-01 10:00`);
    expect(lines[3]).toContain(`photos/${processing[2]!.enrollment.codeNumber}.jpg,${processing[2]!.enrollment.codeNumber},,张*,430104********1234`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(zip.getEntry('manifest.xlsx')!.getData() as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).getCell(2).text).toBe('采集码号');
    expect(sheet.getRow(2).getCell(3).text).toBe('20220001');
    expect(sheet.getRow(3).getCell(10).text).toBe('林学院');

    const pdf = inspectPdf(zip.getEntry('print-sheet.pdf')!.getData());
    expect(pdf.pages).toBe(1);
    expect(pdf.images).toBe(4);
    expect(pdf.texts).toEqual(expect.arrayContaining(exported.map((s) => s.enrollment.codeNumber)));
    // Names and classes need a CJK font (GRADPHOTO_CJK_FONT or a system one); without one they are left out.
    const embedded = pdf.fonts.filter((font) => font !== 'Helvetica');
    expect(embedded.length > 0).toBe(findPrintFont() !== null);

    expect(await PHOTO_STATES_AFTER(world, exported.map((s) => s.photo))).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(await PHOTO_STATES_AFTER(world, [unpaid.photo, pending.photo])).toEqual(['approved', 'pending_review']);
    const audit = await world.db.collection('audit').find({ where: { entityId: processing[0]!.photo.id, event: 'deliver' } });
    expect(audit).toMatchObject([{ actor: admin.openid, from: 'processing', to: 'delivered' }]);
  });

  it('exports a large batch as a job the school follows; a school-paid batch’s approved photos go on through processing; photos named by 学号', async () => {
    await open({ exportInlineLimit: 2 });
    const batch = await world.batch(school, { payer: 'school', priceFen: 0, exportKey: 'studentNumber' });
    const students = [await studentWithPhoto(batch, 'approved', 0), await studentWithPhoto(batch, 'approved', 1), await studentWithPhoto(batch, 'approved', 0)];
    const rosterFile = await world.uploadTable(
      admin,
      csv([
        ['采集码号', '学号', '姓名', '身份证号'],
        [students[0]!.enrollment.codeNumber, '20220001', '张三', idNumber(1)],
        [students[1]!.enrollment.codeNumber, '20220002', '李四', idNumber(2)],
      ]),
    );
    await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: rosterFile });

    const started = await exportBatch(world.schoolDeps, admin, { batchId: batch.id });
    expect(started.fileId).toBeUndefined();
    expect(started.job).toMatchObject({ state: 'running', total: 3, done: 0 });
    const again = await exportBatch(world.schoolDeps, admin, { batchId: batch.id });
    expect(again.job.id).toBe(started.job.id);

    await world.jobs.idle();
    const { job } = await exportStatus(world.schoolDeps, admin, started.job.id);
    expect(job).toMatchObject({ state: 'done', stateLabel: '已完成', total: 3, done: 3, delivered: 3 });
    expect(job.url).toContain(job.fileId);
    const names = (await zipOf(job.fileId!)).getEntries().map((entry) => entry.entryName);
    expect(names.slice(0, 3)).toEqual(['photos/20220001.jpg', 'photos/20220002.jpg', `photos/${students[2]!.enrollment.codeNumber}.jpg`]);
    expect(await PHOTO_STATES_AFTER(world, students.map((s) => s.photo))).toEqual(['delivered', 'delivered', 'delivered']);
    const history = await world.db.collection('audit').find({ where: { entityId: students[0]!.photo.id }, orderBy: [['id', 'asc']] });
    expect(history.map((entry) => `${entry.from}→${entry.to}`)).toEqual(['approved→processing', 'processing→delivered']);

    const otherAdmin = await world.staff('school', await world.school('10001'));
    await expect(exportStatus(world.schoolDeps, otherAdmin, job.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('names photos by ID number only from a roster file handed in with the export, and keeps none of it', async () => {
    await open();
    const batch = await world.batch(school, { payer: 'student', exportKey: 'idNumber' });
    const student = await studentWithPhoto(batch, 'processing', 0);
    const table = csv([['采集码号', '姓名', '身份证号'], [student.enrollment.codeNumber, '张三', idNumber(7)]]);
    await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: await world.uploadTable(admin, table) });

    await expect(exportBatch(world.schoolDeps, admin, { batchId: batch.id })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const rosterFileId = await world.uploadTable(admin, table);
    const result = await exportBatch(world.schoolDeps, admin, { batchId: batch.id, rosterFileId });
    const zip = await zipOf(result.fileId!);
    expect(zip.getEntry(`photos/${idNumber(7)}.jpg`)?.getData().equals(student.jpeg)).toBe(true);
    // The print sheet shows the masked number; the roster file is gone.
    expect(inspectPdf(zip.getEntry('print-sheet.pdf')!.getData()).texts).toContain(`430104********${idNumber(7).slice(-4)}`);
    expect(await world.deps.files.get(rosterFileId)).toBeNull();
  });

  it('fails cleanly when a photo file is missing: the job says why, no photo changes state, no ZIP is kept', async () => {
    await open();
    const batch = await world.batch(school, { payer: 'student' });
    const ok = await studentWithPhoto(batch, 'processing', 0);
    const broken = await studentWithPhoto(batch, 'processing', 1);
    await world.deps.files.delete(broken.photo.standardFileId!);

    const failure = await exportBatch(world.schoolDeps, admin, { batchId: batch.id }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).message).toContain(broken.enrollment.codeNumber);
    const [job] = await world.db.collection('exportJobs').find({ where: { batchId: batch.id } });
    expect(job).toMatchObject({ state: 'failed', error: expect.stringContaining('标准照文件缺失') });
    expect(await PHOTO_STATES_AFTER(world, [ok.photo, broken.photo])).toEqual(['processing', 'processing']);
    expect(await world.db.collection('files').count({ kind: 'export' })).toBe(0);
    expect(readdirSync(path.join(world.dir, 'files', '.tmp'))).toEqual([]);
  });
});
