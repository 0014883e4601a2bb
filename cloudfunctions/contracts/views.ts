import { z } from 'zod';
import { codeSchema } from './documents';
import {
  batchKindSchema,
  orderKindSchema,
  orderStateSchema,
  payerSchema,
  photoStateSchema,
  rejectReasonSchema,
} from './enums';
import { reportSchema } from './report';

/** What clients see of the stored documents: no openids, no file paths, only short-lived URLs. */

export const batchView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: batchKindSchema,
  schoolName: z.string(),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  payer: payerSchema,
  priceFen: z.number().int(),
});

export const photoView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  state: photoStateSchema,
  verdict: z.enum(['pass', 'fail', 'error']),
  /** The engine's checks; empty when the file could not be read (see `report.error`). */
  checks: reportSchema.shape.checks.unwrap(),
  report: reportSchema,
  standardUrl: z.string().optional(),
  originalUrl: z.string().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  submittedAt: z.number().int().optional(),
  rejectReasons: z.array(z.object({ code: rejectReasonSchema, label: z.string() })).optional(),
  rejectNote: z.string().optional(),
  resubmitBy: z.number().int().optional(),
  /** How many more times 「重新制作」 may remake this photo's standard photo. */
  remakesLeft: z.number().int().nonnegative(),
});

export const orderView = z.object({
  id: z.string(),
  kind: orderKindSchema,
  state: orderStateSchema,
  amountFen: z.number().int(),
  createdAt: z.number().int(),
});

/** An enrolment's status: the state of its current photo, or waiting for the first one. */
export const enrollmentStatusSchema = z.union([z.literal('awaiting_photo'), photoStateSchema]);

export const enrollmentView = z.object({
  id: z.string(),
  batchId: z.string().optional(),
  code: codeSchema,
  status: enrollmentStatusSchema,
  checksLeft: z.number().int().nonnegative(),
  batch: batchView.optional(),
  createdAt: z.number().int(),
  /** When a rejected photo was not replaced before its resubmission deadline (逾期). */
  resubmitOverdueAt: z.number().int().optional(),
});

export const auditView = z.object({
  at: z.number().int(),
  event: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().optional(),
});

export type BatchView = z.infer<typeof batchView>;
export type PhotoView = z.infer<typeof photoView>;
export type OrderView = z.infer<typeof orderView>;
export type EnrollmentView = z.infer<typeof enrollmentView>;
export type EnrollmentStatus = z.infer<typeof enrollmentStatusSchema>;
export type AuditView = z.infer<typeof auditView>;
