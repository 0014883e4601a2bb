import { z } from 'zod';
import { exportJobStateSchema } from './schoolDocuments';

/**
 * The `jobs` function: background work a function hands off (Jobs port). On CloudBase the `school`
 * function invokes it asynchronously with the job's id; never callable by users.
 */
export const jobActions = {
  /** Builds a large batch's export (school.export started it; school.exportStatus reports it). */
  runExport: {
    input: z.strictObject({ jobId: z.string().trim().min(1).max(64) }),
    output: z.object({ state: exportJobStateSchema }),
  },
} as const;
