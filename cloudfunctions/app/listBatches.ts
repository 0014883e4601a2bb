import type { SchoolBatchView } from '../contracts/school';
import type { Caller } from './deps';
import { schoolBatchView } from './schoolBatchView';
import type { SchoolDeps } from './schoolDeps';
import { requireRole, schoolOfStaff } from './staffAccess';

/** `school.listBatches`: the school's batches, newest first, each with its 特征码 and QR code link. */
export async function listBatches(deps: SchoolDeps, caller: Caller, input: { schoolId?: string | undefined }): Promise<{ batches: SchoolBatchView[] }> {
  const user = await requireRole(deps.db, caller, ['school', 'ops']);
  const schoolId = await schoolOfStaff(deps.db, user, input.schoolId);
  const batches = await deps.db.collection('batches').find({ where: { schoolId }, orderBy: [['createdAt', 'desc']] });
  return { batches: await Promise.all(batches.map((batch) => schoolBatchView(deps.files, batch))) };
}
