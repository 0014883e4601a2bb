import type { BatchDoc, RosterDoc, SchoolDoc } from '../contracts/documents';
import { batchProgress } from './batchProgress';
import type { Caller } from './deps';
import { openSchoolWorld, type SchoolWorld } from './testing/schoolWorld';

describe('school.progress', () => {
  let world: SchoolWorld;
  let school: SchoolDoc;
  let batch: BatchDoc;
  let admin: Caller;

  beforeEach(async () => {
    world = await openSchoolWorld();
    school = await world.school('10538');
    batch = await world.batch(school, { hasRoster: true });
    admin = await world.staff('school', school);
  });
  afterEach(() => world.close());

  const onRoster = async (codeNumber: string, department: string, className: string): Promise<RosterDoc> => {
    const entry: RosterDoc = { id: world.deps.ids.next(), batchId: batch.id, codeNumber, nameMasked: '学*', idMasked: '430104********0000', idHash: codeNumber, department, className };
    await world.db.collection('roster').insert(entry);
    return entry;
  };

  it('counts students per status, per department and class, and lists roster students who have not started', async () => {
    const [a, b, c] = [await world.student(batch), await world.student(batch), await world.student(batch)];
    const offRoster = await world.student(batch);
    await world.photo(a.enrollment, { state: 'pending_review' });
    await world.photo(b.enrollment, { state: 'checked' });
    await world.photo(offRoster.enrollment, { state: 'approved' });
    await onRoster(a.enrollment.codeNumber, '信息学院', '计科2201');
    const entryB = await onRoster(b.enrollment.codeNumber, '信息学院', '计科2201');
    const entryC = await onRoster(c.enrollment.codeNumber, '信息学院', '计科2202');
    const entryD = await onRoster('2026439999001', '林学院', '林学2201');
    const entryE = await onRoster('2026439999002', '林学院', '林学2201');

    const progress = await batchProgress(world.schoolDeps, admin, batch.id);

    expect(progress.total).toBe(6);
    expect(progress.counts).toEqual({ pending_review: 1, checked: 1, awaiting_photo: 1, approved: 1, not_enrolled: 2 });
    expect(progress.groups).toEqual([
      { department: '林学院', className: '林学2201', total: 2, counts: { not_enrolled: 2 } },
      { department: '信息学院', className: '计科2201', total: 2, counts: { pending_review: 1, checked: 1 } },
      { department: '信息学院', className: '计科2202', total: 1, counts: { awaiting_photo: 1 } },
      { department: '名单外', className: '', total: 1, counts: { approved: 1 } },
    ]);
    expect(progress.missing.map((student) => [student.id, student.status])).toEqual([
      [entryB.id, 'checked'],
      [entryC.id, 'awaiting_photo'],
      [entryD.id, 'not_enrolled'],
      [entryE.id, 'not_enrolled'],
    ]);
  });

  it('is the current photo that counts: a withdrawn attempt followed by a submitted one is under review', async () => {
    const student = await world.student(batch);
    await world.photo(student.enrollment, { state: 'withdrawn' });
    world.clock.advance(60_000);
    await world.photo(student.enrollment, { state: 'pending_review' });
    const progress = await batchProgress(world.schoolDeps, admin, batch.id);
    expect(progress.counts).toEqual({ pending_review: 1 });
    expect(progress.missing).toEqual([]);
  });
});
