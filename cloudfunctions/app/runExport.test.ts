import { exportBatch } from './exportBatch';
import { runExport } from './runExport';
import { openSchoolWorld, type SchoolWorld } from './testing/schoolWorld';

describe('runExport (the export job’s work)', () => {
  let world: SchoolWorld;
  afterEach(() => world.close());

  it('builds a handed-off job once, however often the hand-off is delivered', async () => {
    world = await openSchoolWorld();
    const handedOff: string[] = [];
    // As on CloudBase: school.export only hands the job off; another invocation (maybe two) builds it.
    const deps = { ...world.schoolDeps, exportInlineLimit: -1, jobs: { enqueue: async (job: { id: string }) => void handedOff.push(job.id) } };
    const school = await world.school('10538');
    const admin = await world.staff('school', school);
    const batch = await world.batch(school);
    const { job } = await exportBatch(deps, admin, { batchId: batch.id });
    expect(handedOff).toEqual([job.id]);

    await Promise.all([runExport(deps, job.id), runExport(deps, job.id), runExport(deps, job.id)]);
    expect(await world.db.collection('exportJobs').get(job.id)).toMatchObject({ state: 'done', startedAt: expect.any(Number) });
    expect(await world.db.collection('files').count({ kind: 'export' })).toBe(1);
    await runExport(deps, job.id);
    expect(await world.db.collection('files').count({ kind: 'export' })).toBe(1);
  });
});
