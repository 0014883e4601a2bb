import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSchoolMain } from '../functions/school';
import { createStudentMain } from '../functions/student';
import type { SchoolDeps } from './schoolDeps';
import { listNotifications, readNotifications } from './notifications';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';

let w: WorkflowWorld;
beforeEach(async () => {
  w = await openWorkflowWorld();
});
afterEach(() => w.close());

type Reply = { ok: true; data: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };
async function asStudent() {
  const school = await w.school();
  const { caller, enrollment } = await w.student(await w.batch(school));
  const main = createStudentMain(w.deps);
  const call = (action: string, input: unknown) => main({ action, input }, { OPENID: caller.openid }) as Promise<Reply>;
  return { caller, enrollment, call };
}

const address = { name: '李四', phone: '13912345678', province: '湖南省', city: '长沙市', district: '岳麓区', detail: '麓山南路932号' };

describe('addresses', () => {
  it('refuses a wrong phone number or province with a Chinese message and stores nothing', async () => {
    const { call } = await asStudent();
    for (const [input, message] of [
      [{ ...address, phone: '1234567' }, '请填写正确的11位手机号'],
      [{ ...address, phone: '23912345678' }, '请填写正确的11位手机号'],
      [{ ...address, province: '长沙省' }, '请选择省份'],
      [{ ...address, detail: '无' }, '请填写详细地址'],
    ] as const) {
      expect(await call('saveAddress', input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message } });
    }
    expect(await w.db.collection('addresses').count()).toBe(0);
  });

  it('saves, lists the default first, changes and deletes the student’s own addresses only', async () => {
    const { call } = await asStudent();
    const first = (await call('saveAddress', address)) as { ok: true; data: { address: { id: string; isDefault: boolean } } };
    expect(first.data.address.isDefault).toBe(true);
    const second = (await call('saveAddress', { ...address, detail: '桐梓坡西路229号', isDefault: true })) as typeof first;
    const listed = (await call('listAddresses', {})) as { ok: true; data: { addresses: { id: string; isDefault: boolean }[] } };
    expect(listed.data.addresses.map((a) => [a.id, a.isDefault])).toEqual([
      [second.data.address.id, true],
      [first.data.address.id, false],
    ]);
    const other = await asStudent();
    expect(await other.call('deleteAddress', { addressId: first.data.address.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await other.call('saveAddress', { ...address, id: first.data.address.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('deleteAddress', { addressId: first.data.address.id })).toEqual({ ok: true, data: { deleted: true } });
  });
});

describe('the completed photo', () => {
  it('is downloadable through a link that expires, and only once completed', async () => {
    const { enrollment, call } = await asStudent();
    const photo = await w.photo(enrollment, { state: 'processing' });
    expect(await call('downloadPhoto', { enrollmentId: enrollment.id })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    await w.db.collection('photos').update({ id: photo.id }, { set: { state: 'delivered' } });
    const reply = (await call('downloadPhoto', { enrollmentId: enrollment.id })) as { ok: true; data: { url: string; expiresAt: number } };
    expect(reply.data.expiresAt).toBe(w.clock.now() + 5 * 60_000);
    const token = new URL(reply.data.url, 'http://local').searchParams.get('token')!;
    const files = w.deps.files as unknown as { verify(fileId: string, token: string): boolean };
    expect(files.verify(photo.standardFileId!, token)).toBe(true);
    w.clock.advance(5 * 60_000 + 1000);
    expect(files.verify(photo.standardFileId!, token)).toBe(false);
  });

  it('is e-mailed as an .eml in the outbox with the photo attached, named by the 采集码 number', async () => {
    const { enrollment, call } = await asStudent();
    await w.photo(enrollment, { state: 'delivered' });
    expect(await call('emailPhoto', { enrollmentId: enrollment.id, email: 'not-an-address' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('emailPhoto', { enrollmentId: enrollment.id, email: 'lisi@example.com' })).toEqual({ ok: true, data: { sentTo: 'lisi@example.com' } });
    const outbox = path.join(w.dir, 'outbox');
    const [file] = readdirSync(outbox);
    const eml = readFileSync(path.join(outbox, file!), 'utf8');
    expect(eml).toMatch(/^To: lisi@example\.com$/m);
    expect(eml).toContain(`filename=${enrollment.codeNumber}.jpg`);
    expect(eml).toContain(Buffer.from('standard').toString('base64'));
  });
});

describe('errata (勘误)', () => {
  it('records a request with what the code shows, lists it with its status, refuses a second open one for the same field', async () => {
    const { enrollment, call } = await asStudent();
    const reply = await call('requestErrata', { enrollmentId: enrollment.id, field: 'major', correct: '软件工程', note: '转专业后未更新' });
    expect(reply).toMatchObject({ ok: true, data: { errata: { field: 'major', fieldLabel: '专业', shown: '计算机科学与技术', correct: '软件工程', status: 'submitted', statusLabel: '已提交' } } });
    expect(await call('requestErrata', { enrollmentId: enrollment.id, field: 'major', correct: '林学' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('listErrata', {})).toMatchObject({ ok: true, data: { errata: [{ field: 'major' }] } });
    const stranger = await asStudent();
    expect(await stranger.call('requestErrata', { enrollmentId: enrollment.id, field: 'name', correct: '王五' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('errata on the school’s side', () => {
  it('lists the school’s requests and answers them once; the student sees the status and is told', async () => {
    const { caller, enrollment, call } = await asStudent();
    const { errata } = ((await call('requestErrata', { enrollmentId: enrollment.id, field: 'name', correct: '张三丰' })) as { ok: true; data: { errata: { id: string } } }).data;
    const batch = await w.db.collection('batches').get(enrollment.batchId!);
    const school = (await w.db.collection('schools').get(batch!.schoolId))!;
    // The school function's errata actions use only the common ports.
    const main = createSchoolMain(w.deps as SchoolDeps);
    const as = async (who: { openid: string }, action: string, input: unknown) => (await main({ action, input }, { OPENID: who.openid })) as Reply;
    const admin = await w.staff('school', school);
    expect(await as(admin, 'listErrata', {})).toMatchObject({ ok: true, data: { errata: [{ id: errata.id, status: 'submitted', student: { codeNumber: enrollment.codeNumber } }] } });
    const answer = { errataId: errata.id, status: 'resolved', reply: '已在学信网更正' };
    for (const intruder of [await w.staff('school', await w.school('10533')), await w.staff('reviewer', school), caller]) {
      expect(await as(intruder, 'answerErrata', answer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await as(admin, 'answerErrata', answer)).toMatchObject({ ok: true, data: { errata: { status: 'resolved', statusLabel: '已更正', reply: '已在学信网更正' } } });
    expect(await as(admin, 'answerErrata', { ...answer, status: 'declined' })).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect(await call('listErrata', {})).toMatchObject({ ok: true, data: { errata: [{ status: 'resolved' }] } });
    expect(w.pushes.at(-1)).toMatchObject({ openid: caller.openid, data: { thing1: '勘误申请已更正' } });
  });
});

describe('notifications', () => {
  it('lists the newest first with an unread count and marks them read', async () => {
    const { caller } = await asStudent();
    for (const title of ['第一条', '第二条']) {
      await w.db.collection('notifications').insert({ id: w.deps.ids.next(), openid: caller.openid, kind: 'review_approved', title, body: '…', createdAt: w.clock.now() });
      w.clock.advance(1000);
    }
    const listed = await listNotifications(w.deps, caller, 50);
    expect(listed.notifications.map((n) => n.title)).toEqual(['第二条', '第一条']);
    expect(listed.unread).toBe(2);
    expect(await readNotifications(w.deps, caller, [listed.notifications[0]!.id])).toEqual({ unread: 1 });
    expect(await readNotifications(w.deps, caller, undefined)).toEqual({ unread: 0 });
  });
});
