import { AppError } from '../../contracts/errors';
import { runExport } from '../../app/runExport';
import type { SchoolDeps } from '../../app/schoolDeps';
import { serviceOnly } from '../authenticate';
import { createMain, type Main } from '../main';

/** The `jobs` function: runs a handed-off job by its id; only other functions may call it. */
export function createJobsMain(deps: SchoolDeps): Main {
  return createMain(
    'jobs',
    {
      runExport: async ({ jobId }) => {
        await runExport(deps, jobId);
        const job = await deps.db.collection('exportJobs').get(jobId);
        if (!job) throw new AppError('NOT_FOUND', '找不到该导出任务');
        return { state: job.state };
      },
    },
    serviceOnly(deps.identity),
  );
}
