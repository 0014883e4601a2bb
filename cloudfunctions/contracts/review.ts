import { z } from 'zod';
import { rejectReasonSchema, reviewFlagSchema } from './enums';
import { auditView, photoView } from './views';

const id = z.string().trim().min(1).max(64);

/** One pending photo as a reviewer sees it: both pictures, the measurements, who, which batch, flags. */
export const reviewItemView = z.object({
  photo: photoView,
  student: z.object({
    enrollmentId: z.string(),
    codeNumber: z.string(),
    nameMasked: z.string(),
    idMasked: z.string(),
    schoolName: z.string(),
    level: z.string(),
    major: z.string(),
  }),
  batch: z.object({ id: z.string(), code: z.string(), name: z.string() }).optional(),
  flags: z.array(reviewFlagSchema),
  /** Past the batch's review promise (48 h by default). */
  overdue: z.boolean(),
});
export type ReviewItemView = z.infer<typeof reviewItemView>;

/** The `review` function: reviewers decide on submitted photos of their school (ops: of every school). */
export const reviewActions = {
  /** Pending photos, oldest submission first. */
  queue: {
    input: z.strictObject({
      schoolId: id.optional(),
      batchId: id.optional(),
      /** true: only photos with automatic flags; false: only those without. */
      flagged: z.boolean().optional(),
      limit: z.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    }),
    output: z.object({
      items: z.array(reviewItemView),
      next: z.string().optional(),
      /** Pending photos matching the filters, and how many of them are past the review promise. */
      pending: z.number().int().nonnegative(),
      overdue: z.number().int().nonnegative(),
    }),
  },
  /** One photo in full: the item, the student's earlier attempts and the photo's history. */
  photo: {
    input: z.strictObject({ photoId: id }),
    output: z.object({ item: reviewItemView, attempts: z.array(photoView), history: z.array(auditView) }),
  },
  approve: {
    input: z.strictObject({ photoId: id }),
    output: z.object({ photo: photoView }),
  },
  reject: {
    input: z.strictObject({
      photoId: id,
      reasons: z
        .array(rejectReasonSchema)
        .min(1, { error: '请至少选择一个退回原因' })
        .max(12)
        .transform((reasons) => [...new Set(reasons)]),
      note: z.string().trim().max(200, { error: '备注最多200字' }).optional(),
    }),
    output: z.object({ photo: photoView }),
  },
  /** 批量通过: approves the listed photos that carry no automatic flag; the others are skipped, with why. */
  approveUnflagged: {
    input: z.strictObject({ photoIds: z.array(id).min(1).max(100) }),
    output: z.object({
      approved: z.array(z.string()),
      skipped: z.array(z.object({ photoId: z.string(), code: z.string(), message: z.string() })),
    }),
  },
} as const;
