import { z } from 'zod';
import { backgroundSchema, photoSizeSchema } from './enums';
import { reportSchema } from './report';

/**
 * The `imaging` function: the photo engine, separate from the light functions so it can have more
 * memory and its cold start (models) does not slow the rest. Called only by other functions, never by
 * a client.
 */
const storedFile = z.object({ fileId: z.string(), contentType: z.string(), bytes: z.number().int().nonnegative() });

export const imagingActions = {
  /** Check an uploaded photo, store a metadata-free copy of it and, when it passes, the standard photo. */
  process: {
    input: z.strictObject({
      sourceFileId: z.string().min(1),
      owner: z.string().min(1),
      background: backgroundSchema,
      size: photoSizeSchema,
      fileSizeKB: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
    }),
    output: z.object({
      report: reportSchema,
      /** The upload without metadata; absent when the file could not be read (`report.verdict == 'error'`). */
      original: storedFile.optional(),
      /** The standard photo; only for a passing photo. */
      standard: storedFile.optional(),
    }),
  },
} as const;
