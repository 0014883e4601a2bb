/**
 * The engine's report: exactly the JSON line of photo-standard.md §4. Imports zod only, so the backend's
 * contracts re-export it.
 */
import { z } from 'zod';

export const CHECK_CODES = [
  'FACE_NOT_FOUND',
  'FACE_MULTIPLE',
  'FRAMING_INCOMPLETE',
  'RESOLUTION_LOW',
  'HEAD_ROLL',
  'HEAD_YAW',
  'HEAD_PITCH',
  'EYES_CLOSED',
  'MOUTH_OPEN',
  'BLUR',
  'UNDEREXPOSED',
  'OVEREXPOSED',
  'LIGHTING_UNEVEN',
  'COLOR_CAST',
  'BACKGROUND_CLUTTERED',
  'CLOTHING_BLENDS',
  'MATTE_FAILED',
  'JPEG_ARTIFACTS',
  'EDITED_SOFTWARE',
] as const;
export const checkCodeSchema = z.enum(CHECK_CODES);
export type CheckCode = z.infer<typeof checkCodeSchema>;

export const INPUT_ERROR_CODES = ['FILE_UNSUPPORTED', 'FILE_TOO_LARGE'] as const;
export const inputErrorCodeSchema = z.enum(INPUT_ERROR_CODES);
export type InputErrorCode = z.infer<typeof inputErrorCodeSchema>;

const measured = z.union([z.number(), z.string(), z.null()]);

export const checkResultSchema = z.object({
  code: checkCodeSchema,
  status: z.enum(['pass', 'warn', 'fail']),
  value: measured,
  limit: measured,
  message: z.string(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const faceSummarySchema = z.object({
  count: z.number().int().nonnegative(),
  faceWidthPx: z.number(),
  rollDeg: z.number(),
  yawDeg: z.number(),
  pitchDeg: z.number(),
});

const rgbSchema = z.tuple([z.number().int(), z.number().int(), z.number().int()]);

/** Measured on the written JPEG (its own face detection), not taken from the plan. */
export const outputSummarySchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  dpi: z.number(),
  eyeLineY: z.number(),
  faceWidthPx: z.number(),
  headTopY: z.number(),
  centerX: z.number(),
  background: rgbSchema,
});

export const timingSchema = z.object({ total: z.number() }).catchall(z.number());

/**
 * One object (so consumers can take `reportSchema.shape.checks`): a judged photo (`pass`/`fail`) has
 * `checks`, `face` and `phash`; an input that could not be read (`error`) has `error` instead of them.
 */
export const reportSchema = z
  .object({
    file: z.string().optional(),
    verdict: z.enum(['pass', 'fail', 'error']),
    checks: z.array(checkResultSchema).optional(),
    face: faceSummarySchema.optional(),
    /** 64-bit perceptual hash (DCT of the 32×32 grey image), 16 hex characters; the backend's DUPLICATE check. */
    phash: z.string().regex(/^[0-9a-f]{16}$/).optional(),
    timingMs: timingSchema,
    error: z.object({ code: inputErrorCodeSchema, message: z.string() }).optional(),
    output: outputSummarySchema.optional(),
  })
  .superRefine((r, ctx) => {
    const judged = r.verdict !== 'error';
    if (judged && (!r.checks || !r.face || !r.phash || r.error)) {
      ctx.addIssue({ code: 'custom', message: 'a pass/fail report has checks, face and phash, and no error' });
    }
    if (!judged && (!r.error || r.checks || r.output)) {
      ctx.addIssue({ code: 'custom', message: 'an error report has error instead of checks, and no output' });
    }
  });
export type PhotoReport = z.infer<typeof reportSchema>;
