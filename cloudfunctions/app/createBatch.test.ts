import { readCodeFromImage } from '../codes/qrRead';
import type { SchoolDoc } from '../contracts/documents';
import { BATCH_CODE_ALPHABET, normalizeBatchCode } from '../domain/batchCode';
import { createBatch } from './createBatch';
import type { Caller } from './deps';
import { listBatches } from './listBatches';
import { openSchoolWorld, type SchoolWorld } from './testing/schoolWorld';

const DAY = 24 * 3600_000;

describe('school.createBatch', () => {
  let world: SchoolWorld;
  let school: SchoolDoc;
  let admin: Caller;
  const window = () => ({ startsAt: world.clock.now(), endsAt: world.clock.now() + 30 * DAY });

  beforeEach(async () => {
    world = await openSchoolWorld();
    school = await world.school('10538');
    admin = await world.staff('school', school);
  });
  afterEach(() => world.close());

  it('opens a batch with a fresh 特征码, the defaults, and a QR code that opens the enrol page on it', async () => {
    const { batch } = await createBatch(world.schoolDeps, admin, { name: '2026届本科毕业生图像采集', kind: 'campus', ...window(), payer: 'student', priceFen: 2500 });

    expect(batch.code).toMatch(new RegExp(`^[${BATCH_CODE_ALPHABET}]{6}$`));
    expect(normalizeBatchCode(batch.code.toLowerCase())).toBe(batch.code);
    expect(batch).toMatchObject({
      schoolId: school.id,
      payer: 'student',
      priceFen: 2500,
      freeChecks: 10,
      background: 'blue',
      size: '480x640',
      fileSizeKB: { min: 20, max: 40 },
      reviewHours: 48,
      resubmitHours: 48,
      exportKey: 'codeNumber',
      hasRoster: false,
    });

    const qrFileId = (await world.db.collection('batches').get(batch.id))?.qrFileId;
    const png = qrFileId ? await world.deps.files.get(qrFileId) : null;
    expect(png?.contentType).toBe('image/png');
    expect(batch.qrUrl).toContain(`/api/files/${qrFileId}?token=`);
    const text = await readCodeFromImage(png!.data);
    expect(text).toBe(`http://127.0.0.1:8080/#/pages/enroll/index?batch=${batch.code}`);

    const audit = await world.db.collection('audit').find({ where: { entityId: batch.id } });
    expect(audit.map((entry) => [entry.actor, entry.event])).toEqual([[admin.openid, 'create']]);
  });

  it('keeps what the school set: school pays (price 0), free checks, background, size range, promise, export key', async () => {
    const { batch } = await createBatch(world.schoolDeps, admin, {
      name: '补拍批次',
      kind: 'walk-in',
      ...window(),
      payer: 'school',
      priceFen: 3000,
      freeChecks: 5,
      background: 'white',
      fileSizeKB: { min: 30, max: 60 },
      reviewHours: 24,
      resubmitHours: 72,
      exportKey: 'studentNumber',
    });
    expect(batch).toMatchObject({ kind: 'walk-in', payer: 'school', priceFen: 0, freeChecks: 5, background: 'white', fileSizeKB: { min: 30, max: 60 }, reviewHours: 24, resubmitHours: 72, exportKey: 'studentNumber' });
  });

  it('gives every batch its own code, and lists the school’s batches newest first', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      world.clock.advance(1000);
      codes.add((await createBatch(world.schoolDeps, admin, { name: `批次${i}`, kind: 'online', ...window(), payer: 'school', priceFen: 0 })).batch.code);
    }
    expect(codes.size).toBe(6);
    const { batches } = await listBatches(world.schoolDeps, admin, {});
    expect(batches).toHaveLength(6);
    expect(batches[0]?.name).toBe('批次5');
  });

  it('lets ops open a batch for a school they name, and refuses a school admin naming another school', async () => {
    const ops = await world.staff('ops');
    const other = await world.school('10001');
    const { batch } = await createBatch(world.schoolDeps, ops, { schoolId: other.id, name: '北大批次', kind: 'campus', ...window(), payer: 'school', priceFen: 0 });
    expect(batch.schoolId).toBe(other.id);
    await expect(createBatch(world.schoolDeps, ops, { name: '无学校', kind: 'campus', ...window(), payer: 'school', priceFen: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createBatch(world.schoolDeps, admin, { schoolId: other.id, name: '越权', kind: 'campus', ...window(), payer: 'school', priceFen: 0 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await world.db.collection('batches').count({ schoolId: other.id })).toBe(1);
  });
});
