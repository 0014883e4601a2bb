import { z } from 'zod';
import { backgroundSchema, matteVariantSchema, photoSizeSchema } from './enums';
import { reportSchema } from './report';

/**
 * The `imaging` function: the photo engine, separate from the light functions so it can have more
 * memory and its cold start (models) does not slow the rest. Called only by other functions, never by
 * a client.
 */
const storedFile = z.object({ fileId: z.string(), contentType: z.string(), bytes: z.number().int().nonnegative() });

const makeRequest = {
  sourceFileId: z.string().min(1),
  owner: z.string().min(1),
  background: backgroundSchema,
  size: photoSizeSchema,
  fileSizeKB: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
};

export const imagingActions = {
  /** Check an uploaded photo, store a metadata-free copy of it and, when it passes, the standard photo. */
  process: {
    input: z.strictObject(makeRequest),
    output: z.object({
      report: reportSchema,
      /** The upload without metadata; absent when the file could not be read (`report.verdict == 'error'`). */
      original: storedFile.optional(),
      /** The standard photo; only for a passing photo. */
      standard: storedFile.optional(),
    }),
  },
  /**
   * 「重新制作」: make the standard photo again from a photo's stored (metadata-free) original with the
   * given matte variant. Stores the new standard photo only when it passes; stores nothing else.
   */
  remake: {
    input: z.strictObject({ ...makeRequest, matte: matteVariantSchema }),
    output: z.object({
      report: reportSchema,
      /** The new standard photo; absent when the remade photo does not pass. */
      standard: storedFile.optional(),
    }),
  },
} as const;
