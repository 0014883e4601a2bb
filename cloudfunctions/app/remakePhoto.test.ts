import sharp from 'sharp';
import { contextIdentity } from '../adapters/local/contextIdentity';
import { WorkerEngine } from '../adapters/local/workerEngine';
import type { EnrollmentDoc } from '../contracts/documents';
import { createImagingMain } from '../functions/imaging';
import { inProcessImaging } from '../local/localImaging';
import { readFixture } from '../photo/testing/fixtures';
import { MAX_REMAKES } from '../domain/remake';
import { checkPhoto } from './checkPhoto';
import type { Caller } from './deps';
import { remakePhoto } from './remakePhoto';
import { submitPhoto } from './submitPhoto';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';
import { uploadFile } from './uploadFile';

// The real engine in a worker thread (as the local cloud runs it): a make takes seconds on a busy 2-core machine.
jest.setTimeout(240_000);

/**
 * 「重新制作」 (student.remakePhoto) against the real photo engine on the shared fixture photos: the
 * imaging function's entry runs in-process with the worker pool, as in the local cloud.
 */
let engine: WorkerEngine;
let w: WorkflowWorld;

beforeAll(() => {
  engine = new WorkerEngine(1);
});
afterAll(() => engine.close());
beforeEach(async () => {
  w = await openWorkflowWorld();
  w.deps.imaging = inProcessImaging(createImagingMain({ files: w.deps.files, engine, identity: contextIdentity }));
});
afterEach(() => w.close());

async function checked(caller: Caller, enrollment: EnrollmentDoc, fixture = 'ok-gray-bg.jpg') {
  const { fileId } = await uploadFile(w.deps, caller, readFixture(fixture));
  return (await checkPhoto(w.deps, caller, { enrollmentId: enrollment.id, fileId })).photo;
}

async function blob(fileId: string | undefined): Promise<Buffer | null> {
  return fileId ? ((await w.deps.files.get(fileId))?.data ?? null) : null;
}

/** Mean absolute difference of two images' pixels (0–255). */
async function pixelDifference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((image) => sharp(image).removeAlpha().raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!);
  return sum / x!.length;
}

async function refusal(task: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await task.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  );
  if (!error) throw new Error('expected the remake to be refused');
  return { code: error.code, message: error.message };
}

describe('student.remakePhoto (「重新制作」)', () => {
  it('makes the standard photo again with the other matte, free of charge, and a second remake goes back to the first result', async () => {
    const { caller, enrollment } = await w.student(await w.batch(await w.school()));
    const first = await checked(caller, enrollment);
    expect(first).toMatchObject({ verdict: 'pass', checksLeft: 8 });
    const firstRecord = (await w.db.collection('photos').get(first.id))!;
    const firstJpeg = (await blob(firstRecord.standardFileId))!;

    const remade = (await remakePhoto(w.deps, caller, first.id)).photo;
    expect(remade).toMatchObject({ id: first.id, state: 'checked', verdict: 'pass', checksLeft: 8 });
    expect(remade.standardUrl).toBeDefined();
    expect(remade.standardUrl).not.toBe(first.standardUrl);
    const record = (await w.db.collection('photos').get(first.id))!;
    expect(record).toMatchObject({ matte: 'alternate', remakes: 1, originalFileId: firstRecord.originalFileId, phash: firstRecord.phash });
    const alternateJpeg = (await blob(record.standardFileId))!;
    expect(await sharp(alternateJpeg).metadata()).toMatchObject({ format: 'jpeg', width: 480, height: 640 });
    // The other segmentation gives a different picture (along the outline); the old file and its record are gone.
    expect(await pixelDifference(firstJpeg, alternateJpeg)).toBeGreaterThan(0.1);
    expect(await blob(firstRecord.standardFileId)).toBeNull();
    expect(await w.db.collection('files').get(firstRecord.standardFileId!)).toBeNull();
    expect(await w.db.collection('files').get(record.standardFileId!)).toMatchObject({ owner: caller.openid, kind: 'standard' });
    expect((await w.db.collection('enrollments').get(enrollment.id))!.checksUsed).toBe(2);

    const back = (await remakePhoto(w.deps, caller, first.id)).photo;
    expect(back).toMatchObject({ verdict: 'pass', checksLeft: 8 });
    const again = (await w.db.collection('photos').get(first.id))!;
    expect(again).toMatchObject({ matte: 'standard', remakes: 2 });
    // The stored original kept the upload's image data, so this is the very photo the check made.
    expect((await blob(again.standardFileId))!.equals(firstJpeg)).toBe(true);

    const audit = await w.db.collection('audit').find({ where: { entityId: first.id }, orderBy: [['at', 'asc'], ['id', 'asc']] });
    expect(audit.map((entry) => [entry.event, entry.actor, entry.note])).toEqual([
      ['check', caller.openid, 'pass'],
      ['remake', caller.openid, '换用另一种抠图方式'],
      ['remake', caller.openid, '换回原来的抠图方式'],
    ]);
  });

  it('keeps what only the upload could tell: an editing app named in its metadata still warns and flags the photo after a remake', async () => {
    const { caller, enrollment } = await w.student(null);
    const edited = await sharp(readFixture('ok-gray-bg.jpg')).withExif({ IFD0: { Software: 'Meitu 9.1' } }).jpeg({ quality: 95 }).toBuffer();
    const { fileId } = await uploadFile(w.deps, caller, edited);
    const photo = (await checkPhoto(w.deps, caller, { enrollmentId: enrollment.id, fileId })).photo;
    const warning = { code: 'EDITED_SOFTWARE', status: 'warn', value: 'Meitu' };
    expect(photo.verdict).toBe('pass');
    expect(photo.checks).toContainEqual(expect.objectContaining(warning));

    const remade = (await remakePhoto(w.deps, caller, photo.id)).photo;
    // The remake starts from the stored copy, which has no metadata left to read.
    expect(remade.checks).toContainEqual(expect.objectContaining(warning));
    const record = (await w.db.collection('photos').get(photo.id))!;
    expect(record.flagged).toBe(true);
    expect(record.flags).toContainEqual(expect.objectContaining({ code: 'EDITED_SOFTWARE' }));
  });

  it(`allows ${MAX_REMAKES} remakes per photo, then answers QUOTA_EXCEEDED in Chinese and keeps the photo`, async () => {
    const { caller, enrollment } = await w.student(null);
    const photo = await checked(caller, enrollment, 'ok-red-bg-tight.jpg');
    expect(photo.verdict).toBe('pass');
    expect(photo.remakesLeft).toBe(MAX_REMAKES);
    const left: number[] = [];
    for (let i = 0; i < MAX_REMAKES; i++) left.push((await remakePhoto(w.deps, caller, photo.id)).photo.remakesLeft);
    // The photo view counts down, so the screen can hide the button when none are left.
    expect(left).toEqual(Array.from({ length: MAX_REMAKES }, (_, i) => MAX_REMAKES - 1 - i));
    const record = (await w.db.collection('photos').get(photo.id))!;
    expect(record).toMatchObject({ remakes: MAX_REMAKES, matte: MAX_REMAKES % 2 === 1 ? 'alternate' : 'standard' });

    const refused = await refusal(remakePhoto(w.deps, caller, photo.id));
    expect(refused).toEqual({ code: 'QUOTA_EXCEEDED', message: expect.stringContaining(`已重新制作${MAX_REMAKES}次`) });
    expect(await w.db.collection('photos').get(photo.id)).toEqual(record);
    expect(await blob(record.standardFileId)).not.toBeNull();
    expect((await w.db.collection('enrollments').get(enrollment.id))!.checksUsed).toBe(2);
  });

  it('keeps the current standard photo and answers REMAKE_FAILED when the remade photo does not pass', async () => {
    const { caller, enrollment } = await w.student(null);
    const photo = await checked(caller, enrollment);
    const before = (await w.db.collection('photos').get(photo.id))!;
    // The stored original now holds a blurred photo, so the remade photo fails its checks for real.
    const blurred = await w.deps.files.put(readFixture('bad-blurred.jpg'), { contentType: 'image/jpeg' });
    await w.db.collection('photos').update({ id: photo.id }, { set: { originalFileId: blurred } });

    const refused = await refusal(remakePhoto(w.deps, caller, photo.id));
    expect(refused.code).toBe('REMAKE_FAILED');
    expect(refused.message).toMatch(/^重新制作未成功，已保留原来的标准照（.*清晰.*）/);
    const after = (await w.db.collection('photos').get(photo.id))!;
    expect(after).toEqual({ ...before, originalFileId: blurred, remakes: 1 });
    expect(await blob(before.standardFileId)).not.toBeNull();
    expect(await w.db.collection('files').count({ owner: caller.openid, kind: 'standard' })).toBe(1);
  });

  it('refuses photos that are not the caller’s, not passing, or already submitted, and closed batches, without changing anything', async () => {
    const school = await w.school();
    const batch = await w.batch(school, { endsAt: w.clock.now() + 3_600_000 });
    const { caller, enrollment } = await w.student(batch);
    const passing = await checked(caller, enrollment);
    const failing = await checked(caller, enrollment, 'bad-blurred.jpg');
    expect(failing.verdict).toBe('fail');
    const other = await w.student(batch);
    const snapshot = async () => JSON.stringify(await w.db.collection('photos').find({ where: { enrollmentId: enrollment.id } }));
    const before = await snapshot();

    expect(await refusal(remakePhoto(w.deps, other.caller, passing.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(remakePhoto(w.deps, caller, 'no-such-photo'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(remakePhoto(w.deps, caller, failing.id))).toMatchObject({ code: 'PHOTO_NOT_PASSING', message: expect.stringContaining('不能重新制作') });
    expect(await snapshot()).toBe(before);

    w.clock.advance(2 * 3_600_000);
    expect(await refusal(remakePhoto(w.deps, caller, passing.id))).toEqual({ code: 'BATCH_CLOSED', message: '该批次已结束采集' });
    expect(await snapshot()).toBe(before);
  });

  it('refuses a submitted photo, and a photo whose 学历 already has one under review', async () => {
    const { caller, enrollment } = await w.student(null);
    const submitted = await checked(caller, enrollment);
    const second = await checked(caller, enrollment, 'ok-red-bg-tight.jpg');
    await submitPhoto(w.deps, caller, submitted.id);
    expect(await refusal(remakePhoto(w.deps, caller, submitted.id))).toEqual({ code: 'INVALID_STATE', message: '照片当前状态为「待审核」，只有尚未提交审核的照片可以重新制作' });
    expect(await refusal(remakePhoto(w.deps, caller, second.id))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('已有照片在审核中') });
    expect((await w.db.collection('photos').get(second.id))!.remakes).toBeUndefined();
  });

  it('takes one of two taps at once: the other changes nothing and leaves no file behind', async () => {
    const { caller, enrollment } = await w.student(null);
    const photo = await checked(caller, enrollment);
    const before = (await w.db.collection('photos').get(photo.id))!;
    const replies = await Promise.allSettled([remakePhoto(w.deps, caller, photo.id), remakePhoto(w.deps, caller, photo.id)]);
    expect(replies.filter((reply) => reply.status === 'fulfilled')).toHaveLength(1);
    const lost = replies.find((reply) => reply.status === 'rejected')!;
    expect(['CONFLICT', 'INVALID_STATE']).toContain((lost.reason as { code: string }).code);
    const after = (await w.db.collection('photos').get(photo.id))!;
    expect(after.matte).toBe('alternate');
    const stored = await w.db.collection('files').find({ where: { owner: caller.openid } });
    expect(stored.map((file) => file.id).sort()).toEqual([before.originalFileId, after.standardFileId].sort());
    expect(await blob(before.standardFileId)).toBeNull();
  });

  it('loses the race to a submit made while it runs: the submitted photo keeps its standard photo and the new file is deleted', async () => {
    const { caller, enrollment } = await w.student(null);
    const photo = await checked(caller, enrollment);
    const before = (await w.db.collection('photos').get(photo.id))!;
    // Submit once the engine is at work, so the remake loses at its swap, not at its first look.
    const imaging = w.deps.imaging;
    let engineStarted!: () => void;
    const started = new Promise<void>((resolve) => (engineStarted = resolve));
    let made: string | undefined;
    w.deps.imaging = {
      ...imaging,
      async remake(request) {
        engineStarted();
        const result = await imaging.remake(request);
        made = result.standard?.fileId;
        return result;
      },
    };
    const remaking = refusal(remakePhoto(w.deps, caller, photo.id));
    await started;
    await submitPhoto(w.deps, caller, photo.id);
    expect(await remaking).toEqual({ code: 'INVALID_STATE', message: expect.stringContaining('照片状态已变化') });
    expect(made).toBeDefined();
    expect(await blob(made)).toBeNull();
    const after = (await w.db.collection('photos').get(photo.id))!;
    expect(after).toMatchObject({ state: 'pending_review', standardFileId: before.standardFileId, report: before.report });
    expect(after.matte).toBeUndefined();
    expect(await blob(before.standardFileId)).not.toBeNull();
    const stored = await w.db.collection('files').find({ where: { owner: caller.openid } });
    expect(stored.map((file) => file.id).sort()).toEqual([before.originalFileId, before.standardFileId].sort());
  });
});
