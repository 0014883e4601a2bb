import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../codes/chineseId';
import { issueCode } from '../codes/issue';
import { createSandboxCodec } from '../codes/sandboxCodec';
import { devKeyring } from '../codes/keyring';
import type { BatchDoc, SchoolDoc } from '../contracts/documents';
import { enroll } from './enroll';
import { importRoster } from './importRoster';
import { openSchoolWorld, TEST_ID_KEY, type SchoolWorld } from './testing/schoolWorld';
import type { Caller } from './deps';
import { hmacIdNumberHasher } from '../adapters/local/hmacIdNumberHasher';

/** An ID number with a valid check digit: Changsha (430104), born 2004-mm-dd, sequence nnn. */
function idNumber(month: number, day: number, sequence: number): string {
  const first17 = `4301042004${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

const HEADER = ['采集码号', '学号', '姓名', '身份证号', '院系', '专业', '班级', '层次', '毕业日期'];
const ID = { a: idNumber(1, 2, 101), b: idNumber(3, 4, 202), c: idNumber(5, 6, 303), d: idNumber(7, 8, 404) };

function csv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8');
}

async function xlsx(rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every byte the local cloud keeps: the SQLite files and the blob folder. */
function storedBytes(dir: string): Buffer {
  const all: Buffer[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else all.push(readFileSync(file));
    }
  };
  walk(dir);
  return Buffer.concat(all);
}

describe('school.importRoster', () => {
  let world: SchoolWorld;
  let school: SchoolDoc;
  let batch: BatchDoc;
  let admin: Caller;

  beforeEach(async () => {
    world = await openSchoolWorld();
    school = await world.school('10538');
    batch = await world.batch(school, { code: 'J9VG24' });
    admin = await world.staff('school', school);
  });
  afterEach(() => world.close());

  it('imports a CSV roster and reports every bad row by its row number and reasons', async () => {
    const fileId = await world.uploadTable(
      admin,
      csv([
        HEADER,
        ['2026430100001', '20220001', '张三', ID.a, '信息学院', '计算机科学与技术', '计科2201', '本科', '2026-06-30'],
        ['', '20220002', '欧阳娜娜', ID.b, '林学院', '林学', '林学2201', '本科', ''],
        ['2026430100003', '20220003', '', ID.c, '', '', '', '', ''],
        ['2026430100004', '20220004', '李四', wrongCheckDigit(ID.d), '', '', '', '', ''],
        ['2026430100005', '20220005', '王五', ID.a, '', '', '', '', ''],
        ['2026430100001', '20220006', '赵六', idNumber(9, 9, 606), '', '', '', '', ''],
        ['', '', '孙七', idNumber(10, 10, 707), '', '', '', '', ''],
        [],
        ['2026430100010', '', '周八', ID.d, '信息学院', '软件工程', '软工2201', '本科', ''],
      ]),
    );
    const result = await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId });

    expect(result.imported).toBe(3);
    expect(result.updated).toBe(0);
    expect(result.errors.map((error) => error.row)).toEqual([4, 5, 6, 7, 8]);
    const message = (row: number) => result.errors.find((error) => error.row === row)?.message;
    expect(message(4)).toContain('缺少姓名');
    expect(message(5)).toContain('校验位不正确');
    expect(message(6)).toBe('身份证号与第2行重复');
    expect(message(7)).toBe('采集码号与第2行重复');
    expect(message(8)).toBe('缺少采集码号或学号');

    const roster = await world.db.collection('roster').find({ where: { batchId: batch.id }, orderBy: [['id', 'asc']] });
    expect(roster.map((entry) => [entry.codeNumber, entry.studentNumber, entry.nameMasked, entry.idMasked])).toEqual([
      ['2026430100001', '20220001', '张*', `430104********${ID.a.slice(-4)}`],
      [undefined, '20220002', '欧***', `430104********${ID.b.slice(-4)}`],
      ['2026430100010', undefined, '周*', `430104********${ID.d.slice(-4)}`],
    ]);
    expect(roster[0]?.idHash).toBe(hmacIdNumberHasher(TEST_ID_KEY).hash(ID.a));
    expect(roster[0]).toMatchObject({ department: '信息学院', major: '计算机科学与技术', className: '计科2201', level: '本科', gradDate: '2026-06-30' });
    expect((await world.db.collection('batches').get(batch.id))?.hasRoster).toBe(true);

    // The uploaded table held the full numbers: it is gone, and no full number is stored anywhere.
    expect(await world.deps.files.get(fileId)).toBeNull();
    expect(await world.db.collection('files').get(fileId)).toBeNull();
    const bytes = storedBytes(world.dir);
    for (const id of [ID.a, ID.b, ID.d]) expect(bytes.includes(Buffer.from(id))).toBe(false);
  });

  it('reads an Excel roster with other headings, and explains an ID number Excel stored as a number', async () => {
    expect(String(Number(ID.b))).not.toBe(ID.b); // a number cell cannot hold 18 digits
    const fileId = await world.uploadTable(
      admin,
      await xlsx([
        ['学号', '姓名', '身份证号码', '学院', '班级'],
        ['20220001', '张三', ID.a, '信息学院', '计科2201'],
        ['20220002', '李四', Number(ID.b), '林学院', '林学2201'],
        ['20220003', '王五', ID.c.toLowerCase(), '林学院', '林学2201'],
      ]),
    );
    const result = await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId });
    expect(result.imported).toBe(2);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.row).toBe(3);
    expect(result.errors[0]?.message).toContain('文本');
    const roster = await world.db.collection('roster').find({ where: { batchId: batch.id } });
    expect(roster.map((entry) => entry.department).sort()).toEqual(['信息学院', '林学院']);
  });

  it('reads a CSV saved by Excel on Chinese Windows (GB18030)', async () => {
    // 学号,姓名,身份证号 / 20220001,张三,<id> in GBK bytes.
    const gbk = Buffer.concat([
      Buffer.from([0xd1, 0xa7, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x0d, 0x0a]),
      Buffer.from('20220001,'),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from(`,${ID.a}\r\n`),
    ]);
    const result = await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: await world.uploadTable(admin, gbk) });
    expect(result).toEqual({ imported: 1, updated: 0, errors: [] });
    const [entry] = await world.db.collection('roster').find({ where: { batchId: batch.id } });
    expect(entry?.nameMasked).toBe('张*');
  });

  it('refuses a table without the required columns and stores nothing', async () => {
    const fileId = await world.uploadTable(admin, csv([['姓名', '班级'], ['张三', '计科2201']]));
    await expect(importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('身份证号') });
    expect(await world.db.collection('roster').count({ batchId: batch.id })).toBe(0);
    expect((await world.db.collection('batches').get(batch.id))?.hasRoster).toBe(false);
  });

  it('updates a student imported again and refuses a number that belongs to another student', async () => {
    const first = await world.uploadTable(admin, csv([HEADER, ['2026430100001', '20220001', '张三', ID.a, '信息学院', '', '计科2201', '', ''], ['2026430100002', '20220002', '李四', ID.b, '', '', '', '', '']]));
    await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: first });
    const second = await world.uploadTable(admin, csv([HEADER, ['2026430100001', '20220001', '张三', ID.a, '信息学院', '', '计科2202', '', ''], ['2026430100002', '20220009', '王五', ID.c, '', '', '', '', '']]));
    const result = await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId: second });
    expect(result.imported).toBe(1);
    expect(result.updated).toBe(1);
    expect(result.errors).toEqual([{ row: 3, message: '采集码号与名单中已有的另一名学生重复' }]);
    const [zhang] = await world.db.collection('roster').find({ where: { batchId: batch.id, codeNumber: '2026430100001' } });
    expect(zhang?.className).toBe('计科2202');
    expect(await world.db.collection('roster').count({ batchId: batch.id })).toBe(2);
  });

  it('makes student.enroll check the last 4 digits against the roster, by 采集码号 or by 学号 only', async () => {
    const codec = createSandboxCodec(devKeyring());
    const student = (number: string, name: string, id: string) =>
      issueCode({ number, name, id, schoolCode: school.code, schoolName: school.name, level: '本科', major: '林学', gradYear: 2026 }, codec).text;
    const fileId = await world.uploadTable(admin, csv([HEADER, ['2026430100001', '', '张三', ID.a, '', '', '', '', ''], ['', '20220002', '李四', ID.b, '', '', '', '', '']]));
    await importRoster(world.schoolDeps, admin, { batchId: batch.id, fileId });

    const zhang = { openid: 'student-zhang' };
    const zhangCode = student('2026430100001', '张三', ID.a);
    await expect(enroll(world.deps, zhang, { batchCode: batch.code, idLast4: '0000', text: zhangCode })).rejects.toMatchObject({ code: 'LAST4_MISMATCH' });
    const enrolled = await enroll(world.deps, zhang, { batchCode: batch.code, idLast4: ID.a.slice(-4), text: zhangCode });
    expect(enrolled.enrollment.batchId).toBe(batch.id);

    const li = { openid: 'student-li' };
    const liEnrolled = await enroll(world.deps, li, { batchCode: batch.code, idLast4: ID.b.slice(-4), text: student('2026430100002', '李四', ID.b) });
    expect(liEnrolled.enrollment.batchId).toBe(batch.id);

    const stranger = student('2026430100099', '王五', ID.c);
    await expect(enroll(world.deps, { openid: 'student-wang' }, { batchCode: batch.code, idLast4: ID.c.slice(-4), text: stranger })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
