import { z } from 'zod';

/**
 * What a school's export names each photo by (flows.md "Export"): the 采集码 number, the student
 * number from the roster, or the ID number (which is never stored: the school hands the roster file
 * in again with the export, and the numbers are matched by their keyed hash for that export only).
 */
export const EXPORT_KEY_LABELS = {
  codeNumber: '采集码号',
  studentNumber: '学号',
  idNumber: '身份证号',
} as const;
export type ExportKey = keyof typeof EXPORT_KEY_LABELS;
export const exportKeySchema = z.enum(Object.keys(EXPORT_KEY_LABELS) as [ExportKey, ...ExportKey[]]);

export const EXPORT_JOB_STATE_LABELS = {
  running: '导出中',
  done: '已完成',
  failed: '导出失败',
} as const;
export type ExportJobState = keyof typeof EXPORT_JOB_STATE_LABELS;
export const exportJobStateSchema = z.enum(Object.keys(EXPORT_JOB_STATE_LABELS) as [ExportJobState, ...ExportJobState[]]);

/** One export of a batch: a ZIP built in the background for a large batch, its progress, its file. */
export const exportJobDoc = z.object({
  id: z.string().min(1),
  batchId: z.string().min(1),
  schoolId: z.string().min(1),
  /** The openid of the school admin (or ops) who asked for it. */
  requestedBy: z.string(),
  state: exportJobStateSchema,
  key: exportKeySchema,
  /** The roster file handed in for `idNumber` naming; deleted when the export ends. */
  rosterFileId: z.string().optional(),
  /** Photos to write, and written so far. */
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  /** Photos moved to 已完成 (delivered) by this export. */
  delivered: z.number().int().nonnegative().default(0),
  fileId: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  error: z.string().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** Set by the one runner that claimed the job (a job handed off twice is built once). */
  startedAt: z.number().int().optional(),
  finishedAt: z.number().int().optional(),
});
export type ExportJobDoc = z.infer<typeof exportJobDoc>;
