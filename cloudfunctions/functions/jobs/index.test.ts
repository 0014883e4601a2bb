import { openSchoolWorld, type SchoolWorld } from '../../app/testing/schoolWorld';
import { exportBatch } from '../../app/exportBatch';
import { createJobsMain } from '.';

describe('the jobs function', () => {
  let world: SchoolWorld;
  afterEach(() => world.close());

  it('builds a handed-off export once, however often it is invoked, and refuses calls from users', async () => {
    world = await openSchoolWorld({ exportInlineLimit: -1 });
    const handedOff: string[] = [];
    // As on CloudBase: the school function only hands the job off; the jobs function builds it.
    const deps = { ...world.schoolDeps, jobs: { enqueue: async (job: { id: string }) => void handedOff.push(job.id) } };
    const school = await world.school('10538');
    const admin = await world.staff('school', school);
    const batch = await world.batch(school);
    const { job } = await exportBatch(deps, admin, { batchId: batch.id });
    expect(handedOff).toEqual([job.id]);

    const jobs = createJobsMain(deps);
    expect(await jobs({ action: 'runExport', input: { jobId: job.id } }, { OPENID: admin.openid })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const [first, second] = await Promise.all([jobs({ action: 'runExport', input: { jobId: job.id } }, {}), jobs({ action: 'runExport', input: { jobId: job.id } }, {})]);
    expect(first).toEqual({ ok: true, data: { state: 'done' } });
    expect(second.ok).toBe(true);
    expect(await world.db.collection('files').count({ kind: 'export' })).toBe(1);
  });
});
