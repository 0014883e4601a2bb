import { z } from 'zod';
import { backgroundSchema, batchKindSchema, payerSchema, photoSizeSchema, photoStateSchema } from './enums';
import { EXPORT_JOB_STATE_LABELS, exportJobStateSchema, exportKeySchema } from './schoolDocuments';

const id = z.string().trim().min(1).max(64);
const time = z.number().int().nonnegative();
const hours = z.number().int().min(1).max(24 * 30);

/** A school admin acts on their own school; ops name the school they act for. */
const schoolScope = { schoolId: id.optional() };

export const schoolBatchView = z.object({
  id: z.string(),
  code: z.string(),
  /** A short-lived link to the batch's QR code PNG. */
  qrUrl: z.string(),
  schoolId: z.string(),
  name: z.string(),
  kind: batchKindSchema,
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  payer: payerSchema,
  priceFen: z.number().int(),
  freeChecks: z.number().int(),
  background: backgroundSchema,
  size: photoSizeSchema,
  fileSizeKB: z.object({ min: z.number().int(), max: z.number().int() }),
  reviewHours: z.number().int(),
  resubmitHours: z.number().int(),
  exportKey: exportKeySchema,
  hasRoster: z.boolean(),
  createdAt: z.number().int(),
});
export type SchoolBatchView = z.infer<typeof schoolBatchView>;

/** One line of an import's error report: the row as numbered in the file (the header is row 1). */
export const rosterErrorSchema = z.object({ row: z.number().int().positive(), message: z.string() });
export type RosterError = z.infer<typeof rosterErrorSchema>;

/** What an enrolment's progress is: its current photo's state, waiting for one, or not enrolled at all. */
export const progressStatusSchema = z.union([z.literal('not_enrolled'), z.literal('awaiting_photo'), photoStateSchema]);
export type ProgressStatus = z.infer<typeof progressStatusSchema>;
export const PROGRESS_STATUS_EXTRA_LABELS = { not_enrolled: '未添加学历', awaiting_photo: '未上传照片' } as const;

const countsSchema = z.record(z.string(), z.number().int().nonnegative());

export const rosterStudentView = z.object({
  id: z.string(),
  codeNumber: z.string().optional(),
  studentNumber: z.string().optional(),
  nameMasked: z.string(),
  idMasked: z.string(),
  department: z.string().optional(),
  className: z.string().optional(),
  status: progressStatusSchema,
});

export const exportJobView = z.object({
  id: z.string(),
  batchId: z.string(),
  state: exportJobStateSchema,
  stateLabel: z.enum(Object.values(EXPORT_JOB_STATE_LABELS) as [string, ...string[]]),
  total: z.number().int(),
  done: z.number().int(),
  delivered: z.number().int(),
  fileId: z.string().optional(),
  /** A short-lived download link, once done. */
  url: z.string().optional(),
  bytes: z.number().int().optional(),
  error: z.string().optional(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().optional(),
});
export type ExportJobView = z.infer<typeof exportJobView>;

const fileSizeKB = z
  .strictObject({ min: z.number().int().min(5).max(2048), max: z.number().int().min(5).max(2048) })
  .refine((range) => range.min < range.max, { error: '文件大小范围的下限应小于上限' });

/** The `school` function: a school admin's batches, roster, progress and export. */
export const schoolActions = {
  createBatch: {
    input: z
      .strictObject({
        ...schoolScope,
        name: z.string().trim().min(2, { error: '请填写批次名称' }).max(60, { error: '批次名称不超过60个字' }),
        kind: batchKindSchema,
        startsAt: time,
        endsAt: time,
        payer: payerSchema,
        /** The collection fee in fen (分); 0 when the school pays. */
        priceFen: z.number().int().min(0).max(100_000, { error: '价格不超过1000元' }),
        freeChecks: z.number().int().min(1).max(100).optional(),
        background: backgroundSchema.optional(),
        size: photoSizeSchema.optional(),
        fileSizeKB: fileSizeKB.optional(),
        /** The review promise: hours within which a submitted photo is decided (48 by default). */
        reviewHours: hours.optional(),
        /** Hours a rejected student has to resubmit (48 by default). */
        resubmitHours: hours.optional(),
        exportKey: exportKeySchema.optional(),
      })
      .refine((input) => input.endsAt > input.startsAt, { error: '结束时间应晚于开始时间', path: ['endsAt'] })
      .refine((input) => input.payer === 'school' || input.priceFen > 0, { error: '学生付费的批次需要填写价格', path: ['priceFen'] }),
    output: z.object({ batch: schoolBatchView }),
  },
  listBatches: {
    input: z.strictObject(schoolScope),
    output: z.object({ batches: z.array(schoolBatchView) }),
  },
  importRoster: {
    input: z.strictObject({ batchId: id, fileId: id }),
    output: z.object({
      /** Rows stored (new students and corrected ones). */
      imported: z.number().int().nonnegative(),
      /** Of those, students already on the roster whose data was replaced. */
      updated: z.number().int().nonnegative(),
      errors: z.array(rosterErrorSchema),
    }),
  },
  progress: {
    input: z.strictObject({ batchId: id }),
    output: z.object({
      /** Students per status (photo states, `awaiting_photo`, `not_enrolled`). */
      counts: countsSchema,
      total: z.number().int().nonnegative(),
      groups: z.array(z.object({ department: z.string(), className: z.string(), total: z.number().int(), counts: countsSchema })),
      /** Roster students who have not started: not enrolled, or enrolled without a photo under review or beyond. */
      missing: z.array(rosterStudentView),
    }),
  },
  export: {
    input: z.strictObject({
      batchId: id,
      /** Needed only when the batch names photos by ID number: the roster file again (never stored). */
      rosterFileId: id.optional(),
    }),
    output: z.object({
      /** Present at once for a small batch; a large one is a job (see `exportStatus`). */
      fileId: z.string().optional(),
      url: z.string().optional(),
      job: exportJobView,
    }),
  },
  exportStatus: {
    input: z.strictObject({ jobId: id }),
    output: z.object({ job: exportJobView }),
  },
} as const;
