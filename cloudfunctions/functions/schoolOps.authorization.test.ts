import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createBatch } from '../app/createBatch';
import type { Caller } from '../app/deps';
import { exportBatch } from '../app/exportBatch';
import { openSchoolWorld, type SchoolWorld } from '../app/testing/schoolWorld';
import { COLLECTIONS, type CollectionName } from '../contracts/documents';
import type { Main } from './main';
import { createOpsMain } from './ops';
import { createSchoolMain } from './school';

const DAY = 24 * 3600_000;

/** Every document of every collection and every stored file name: "nothing changed" means this is equal. */
async function snapshot(world: SchoolWorld): Promise<unknown> {
  const collections: Record<string, unknown> = {};
  for (const name of Object.keys(COLLECTIONS) as CollectionName[]) collections[name] = await world.db.collection(name).find({ orderBy: [['id', 'asc']] });
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(folder, entry.name));
      else files.push(entry.name);
    }
  };
  walk(path.join(world.dir, 'files'));
  return { collections, files: files.sort() };
}

describe('authorisation of the school and ops actions', () => {
  let world: SchoolWorld;
  let school: Main;
  let ops: Main;
  /** Who calls: no token, a student, a reviewer of the school, the admin of another school. */
  const callers: Record<string, Caller | null> = {};
  let schoolA: string;
  let batchA: string;
  let jobA: string;
  let otherAdminsTable: string;

  beforeAll(async () => {
    world = await openSchoolWorld({ exportInlineLimit: 0 });
    school = createSchoolMain(world.schoolDeps);
    ops = createOpsMain(world.deps);
    const a = await world.school('10538');
    const b = await world.school('10001');
    schoolA = a.id;
    const adminA = await world.staff('school', a);
    callers['no token'] = null;
    callers['a student'] = await world.staff('student');
    callers['a signed-in user without a role record'] = { openid: 'nobody' };
    callers['a reviewer of the school'] = await world.staff('reviewer', a);
    callers['the admin of another school'] = await world.staff('school', b);
    const now = world.clock.now();
    batchA = (await createBatch(world.schoolDeps, adminA, { name: 'A校批次', kind: 'campus', startsAt: now, endsAt: now + 30 * DAY, payer: 'school', priceFen: 0 })).batch.id;
    jobA = (await exportBatch(world.schoolDeps, adminA, { batchId: batchA })).job.id;
    await world.jobs.idle();
    // The other school's admin imports a table of their own, so their refusal is about the batch, not the file.
    otherAdminsTable = await world.uploadTable(callers['the admin of another school']!, Buffer.from('采集码号,姓名,身份证号\n2026430100001,张三,430104200401021014\n'));
  }, 120_000);
  afterAll(() => world.close());

  const schoolActions = (): [string, Record<string, unknown>][] => [
    ['createBatch', { schoolId: schoolA, name: '越权批次', kind: 'campus', startsAt: 0, endsAt: DAY, payer: 'school', priceFen: 0 }],
    ['listBatches', { schoolId: schoolA }],
    ['importRoster', { batchId: batchA, fileId: otherAdminsTable }],
    ['progress', { batchId: batchA }],
    ['export', { batchId: batchA }],
    ['exportStatus', { jobId: jobA }],
  ];
  const opsActions: [string, Record<string, unknown>][] = [
    ['createSchool', { code: '10002', name: '越权大学' }],
    ['grant', { openid: 'someone', role: 'ops' }],
  ];

  const cases = ['no token', 'a student', 'a signed-in user without a role record', 'a reviewer of the school', 'the admin of another school'].flatMap((who) => [
    ...['createBatch', 'listBatches', 'importRoster', 'progress', 'export', 'exportStatus'].map((action) => [who, 'school', action] as const),
    ...['createSchool', 'grant'].map((action) => [who, 'ops', action] as const),
  ]);

  it.each(cases)('%s calling %s.%s is refused and changes nothing', async (who, fn, action) => {
    const caller = callers[who];
    const input = (fn === 'school' ? schoolActions() : opsActions).find(([name]) => name === action)![1];
    const before = await snapshot(world);
    const reply = await (fn === 'school' ? school : ops)({ action, input }, caller ? { OPENID: caller.openid } : {});
    expect(reply).toMatchObject({ ok: false, error: { code: caller ? 'FORBIDDEN' : 'UNAUTHENTICATED' } });
    await world.jobs.idle();
    expect(await snapshot(world)).toEqual(before);
  });

  it('lets the school’s own admin and ops through (the refusals above are about who, not about the input)', async () => {
    const adminA = await world.staff('school', await world.db.collection('schools').get(schoolA).then((s) => s!));
    const progress = await school({ action: 'progress', input: { batchId: batchA } }, { OPENID: adminA.openid });
    expect(progress.ok).toBe(true);
    const opsUser = await world.staff('ops');
    const created = await ops({ action: 'createSchool', input: { code: '10002', name: '新大学' } }, { OPENID: opsUser.openid });
    expect(created).toMatchObject({ ok: true, data: { school: { code: '10002', name: '新大学' } } });
    const granted = await ops({ action: 'grant', input: { openid: 'new-reviewer', role: 'reviewer', schoolId: schoolA } }, { OPENID: opsUser.openid });
    expect(granted).toMatchObject({ ok: true, data: { user: { openid: 'new-reviewer', roles: ['reviewer'], schoolId: schoolA } } });
    const listed = await school({ action: 'listBatches', input: { schoolId: schoolA } }, { OPENID: opsUser.openid });
    expect(listed).toMatchObject({ ok: true, data: { batches: [{ id: batchA }] } });
  });
});
