import { batchProgress } from '../../app/batchProgress';
import { createBatch } from '../../app/createBatch';
import { exportBatch } from '../../app/exportBatch';
import { exportStatus } from '../../app/exportStatus';
import { importRoster } from '../../app/importRoster';
import { listBatches } from '../../app/listBatches';
import type { SchoolDeps } from '../../app/schoolDeps';
import { userFromContext } from '../authenticate';
import { createMain, type Main } from '../main';
import { schoolErrataHandlers } from './errata';

/**
 * The `school` function: a school admin's batches, roster, progress and export. Every use-case checks
 * the caller's role and school from the users collection (ops may act for any school).
 */
export function createSchoolMain(deps: SchoolDeps): Main {
  return createMain(
    'school',
    {
      createBatch: (input, caller) => createBatch(deps, caller, input),
      listBatches: (input, caller) => listBatches(deps, caller, input),
      importRoster: (input, caller) => importRoster(deps, caller, input),
      progress: (input, caller) => batchProgress(deps, caller, input.batchId),
      export: (input, caller) => exportBatch(deps, caller, input),
      exportStatus: (input, caller) => exportStatus(deps, caller, input.jobId),
      ...schoolErrataHandlers(deps),
    },
    userFromContext(deps.identity),
  );
}
