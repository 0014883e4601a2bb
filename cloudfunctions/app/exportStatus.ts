import { AppError } from '../contracts/errors';
import type { ExportJobView } from '../contracts/school';
import type { Caller } from './deps';
import { exportJobView } from './exportJobView';
import type { SchoolDeps } from './schoolDeps';
import { assertSchoolScope, requireRole } from './staffAccess';

/** `school.exportStatus`: how far an export job is, and its download link once done. */
export async function exportStatus(deps: SchoolDeps, caller: Caller, jobId: string): Promise<{ job: ExportJobView }> {
  const user = await requireRole(deps.db, caller, ['school', 'ops']);
  const job = await deps.db.collection('exportJobs').get(jobId);
  if (!job) throw new AppError('NOT_FOUND', '找不到该导出任务');
  assertSchoolScope(user, job.schoolId);
  return { job: await exportJobView(deps.files, job) };
}
