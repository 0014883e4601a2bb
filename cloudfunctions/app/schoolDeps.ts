import type { BatchQr } from '../ports/batchQr';
import type { IdNumberHasher } from '../ports/idNumberHasher';
import type { Jobs } from '../ports/jobs';
import type { AppDeps } from './deps';

/** What the school and ops use-cases are given besides the common ports. */
export interface SchoolDeps extends AppDeps {
  batchQr: BatchQr;
  idNumbers: IdNumberHasher;
  jobs: Jobs;
  /** Exports of up to this many photos are built during the call; larger ones run as a job. */
  exportInlineLimit?: number;
}

export const DEFAULT_EXPORT_INLINE_LIMIT = 200;
