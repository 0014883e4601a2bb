import { z } from 'zod';
import {
  backgroundSchema,
  batchKindSchema,
  matteVariantSchema,
  orderKindSchema,
  orderStateSchema,
  payerSchema,
  photoSizeSchema,
  photoStateSchema,
  rejectReasonSchema,
  reviewFlagSchema,
  roleSchema,
  errataFieldSchema,
  errataStatusSchema,
  notificationKindSchema,
} from './enums';
import { reportSchema } from './report';
import { exportJobDoc, exportKeySchema } from './schoolDocuments';

/**
 * The stored documents: the same shapes in SQLite and in the CloudBase database. Every document has a
 * string `id`; times are epoch milliseconds. Adapters parse with these schemas on read, so a document
 * written by an older version fails loudly instead of flowing on half-shaped.
 */
const id = z.string().min(1);
const time = z.number().int();

/** What a 采集码 holds once decoded (name and ID number already masked by 学信网). */
export const codeSchema = z.object({
  number: z.string(),
  nameMasked: z.string(),
  idMasked: z.string(),
  schoolCode: z.string(),
  schoolName: z.string(),
  level: z.string(),
  major: z.string(),
  gradYear: z.number().int(),
});
export type Code = z.infer<typeof codeSchema>;

export const userDoc = z.object({
  id, // the openid
  openid: z.string(),
  roles: z.array(roleSchema),
  /** Reviewers and school admins are scoped to one school. */
  schoolId: z.string().optional(),
  phone: z.string().optional(),
  createdAt: time,
});

export const schoolDoc = z.object({ id, code: z.string(), name: z.string(), createdAt: time });

export const batchDoc = z.object({
  id,
  /** The 特征码 students type, upper case, from the unambiguous alphabet of domain/batchCode. */
  code: z.string(),
  schoolId: id,
  name: z.string(),
  kind: batchKindSchema,
  startsAt: time,
  endsAt: time,
  payer: payerSchema,
  priceFen: z.number().int().nonnegative(),
  freeChecks: z.number().int().positive(),
  background: backgroundSchema,
  size: photoSizeSchema.default('480x640'),
  fileSizeKB: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }),
  /** Hours a rejected student has to resubmit. */
  resubmitHours: z.number().int().positive().default(48),
  /** The review promise: hours within which a submitted photo is decided (domain/review: 48 when absent). */
  reviewHours: z.number().int().positive().optional(),
  /** When true the last 4 digits are checked against the roster instead of the code. */
  hasRoster: z.boolean().default(false),
  /** What the school's export names photos by (absent: the 采集码号). */
  exportKey: exportKeySchema.optional(),
  /** The batch's QR code PNG (opens the mini-program on this batch). */
  qrFileId: id.optional(),
  createdAt: time,
});

export const rosterDoc = z.object({
  id,
  batchId: id,
  codeNumber: z.string().optional(),
  studentNumber: z.string().optional(),
  nameMasked: z.string(),
  /** 430104********1234: the full number is never stored, only this and a keyed hash. */
  idMasked: z.string(),
  idHash: z.string(),
  department: z.string().optional(),
  major: z.string().optional(),
  className: z.string().optional(),
  level: z.string().optional(),
  gradDate: z.string().optional(),
});

export const enrollmentDoc = z.object({
  id,
  openid: z.string(),
  codeNumber: z.string(),
  code: codeSchema,
  /** Absent for a walk-in (散拍/补拍) enrolment. */
  batchId: id.optional(),
  /** Free engine checks allowed (the batch's setting when enrolled, else the default). */
  freeChecks: z.number().int().positive(),
  checksUsed: z.number().int().nonnegative(),
  createdAt: time,
  /** Set when a rejected photo was not replaced before its resubmission deadline (逾期未重新提交). */
  resubmitOverdueAt: time.optional(),
});

/** One 采集码 belongs to one WeChat account: the document id is the code number, so a second claim conflicts. */
export const codeClaimDoc = z.object({ id, openid: z.string(), enrollmentId: id, createdAt: time });

/** Wrong last-4 attempts per 采集码 number (document id); locked until `lockedUntil`. */
export const enrollAttemptDoc = z.object({
  id,
  failures: z.number().int().nonnegative(),
  lockedUntil: time.optional(),
  updatedAt: time,
});

export const fileKindSchema = z.enum(['upload', 'original', 'standard', 'export', 'import', 'code', 'batch-qr']);
export const fileDoc = z.object({
  id,
  /** The openid of the uploader or of the student the file belongs to. */
  owner: z.string(),
  kind: fileKindSchema,
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  createdAt: time,
});

export const photoDoc = z.object({
  id,
  enrollmentId: id,
  openid: z.string(),
  state: photoStateSchema,
  verdict: z.enum(['pass', 'fail', 'error']),
  report: reportSchema,
  /** The uploaded photo, stored stripped of metadata; private. */
  originalFileId: id,
  standardFileId: id.optional(),
  /** Which segmentation made the standard photo; absent = 'standard'. 「重新制作」 switches it. */
  matte: matteVariantSchema.optional(),
  /** 「重新制作」 attempts on this photo (successful or not); bounded by domain/quota's MAX_REMAKES. */
  remakes: z.number().int().nonnegative().optional(),
  phash: z.string().optional(),
  /** Denormalised from the enrolment at check time, so the review queue is one indexed query. */
  schoolId: id.optional(),
  batchId: id.optional(),
  /** Automatic flags for reviewers (engine warnings, same photo as another student's); see domain/reviewFlags. */
  flags: z.array(reviewFlagSchema).optional(),
  /** Whether `flags` is not empty; always set at check time, so the queue filters by equality (indexed). */
  flagged: z.boolean().optional(),
  createdAt: time,
  updatedAt: time,
  submittedAt: time.optional(),
  reviewedAt: time.optional(),
  reviewer: z.string().optional(),
  rejectReasons: z.array(rejectReasonSchema).optional(),
  rejectNote: z.string().optional(),
  /** Rejected photos: the student may resubmit until this time. */
  resubmitBy: time.optional(),
});

export const orderDoc = z.object({
  id,
  openid: z.string(),
  enrollmentId: id,
  kind: orderKindSchema,
  state: orderStateSchema,
  amountFen: z.number().int().nonnegative(),
  copies: z.number().int().positive().optional(),
  addressId: id.optional(),
  createdAt: time,
  updatedAt: time,
  /** Unpaid orders close at this time (created → closed). */
  expiresAt: time.optional(),
  paidAt: time.optional(),
  /** WeChat Pay's transaction id, from the verified notification. */
  transactionId: z.string().optional(),
  refundedAt: time.optional(),
  refundReason: z.string().optional(),
});

/** A student's mailing address (prints of reprints and walk-ins are mailed). */
export const addressDoc = z.object({
  id,
  openid: z.string(),
  name: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  isDefault: z.boolean(),
  createdAt: time,
  updatedAt: time,
});

/** A 勘误 request: the data 学信网 shows is wrong. */
export const errataDoc = z.object({
  id,
  openid: z.string(),
  enrollmentId: id,
  schoolId: id.optional(),
  field: errataFieldSchema,
  shown: z.string(),
  correct: z.string(),
  note: z.string().optional(),
  status: errataStatusSchema,
  reply: z.string().optional(),
  createdAt: time,
  updatedAt: time,
});

/** The in-app notification list (我的 → 消息); WeChat subscribe messages are sent besides, when allowed. */
export const notificationDoc = z.object({
  id,
  openid: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  enrollmentId: id.optional(),
  entityId: id.optional(),
  createdAt: time,
  readAt: time.optional(),
});

/** Every payment notification received, accepted or refused: the log, and idempotency by transaction. */
export const payEventDoc = z.object({
  id,
  orderId: z.string(),
  transactionId: z.string().optional(),
  outcome: z.enum(['accepted', 'duplicate', 'refused']),
  reason: z.string().optional(),
  amountFen: z.number().int().optional(),
  at: time,
});

/** The same-photo index: one perceptual hash per checked photo, looked up within a school. */
export const photoHashDoc = z.object({
  id, // the photo id
  schoolCode: z.string(),
  openid: z.string(),
  enrollmentId: id,
  phash: z.string(),
  createdAt: time,
});

export const auditDoc = z.object({
  id,
  at: time,
  /** The openid of who did it, or "system". */
  actor: z.string(),
  entity: z.enum(['photo', 'order', 'enrollment', 'batch', 'school', 'user']),
  entityId: id,
  event: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().optional(),
});

export type UserDoc = z.infer<typeof userDoc>;
export type SchoolDoc = z.infer<typeof schoolDoc>;
export type BatchDoc = z.infer<typeof batchDoc>;
export type RosterDoc = z.infer<typeof rosterDoc>;
export type EnrollmentDoc = z.infer<typeof enrollmentDoc>;
export type CodeClaimDoc = z.infer<typeof codeClaimDoc>;
export type EnrollAttemptDoc = z.infer<typeof enrollAttemptDoc>;
export type FileDoc = z.infer<typeof fileDoc>;
export type FileKind = z.infer<typeof fileKindSchema>;
export type PhotoDoc = z.infer<typeof photoDoc>;
export type OrderDoc = z.infer<typeof orderDoc>;
export type AuditDoc = z.infer<typeof auditDoc>;
export type AddressDoc = z.infer<typeof addressDoc>;
export type ErrataDoc = z.infer<typeof errataDoc>;
export type NotificationDoc = z.infer<typeof notificationDoc>;
export type PayEventDoc = z.infer<typeof payEventDoc>;
export type PhotoHashDoc = z.infer<typeof photoHashDoc>;

/**
 * Every collection and its document schema, plus the fields queried (adapters index them). Issue-4/6
 * additions (addresses, errata, payments …) go here.
 */
export const COLLECTIONS = {
  users: { schema: userDoc, indexes: ['openid'] },
  schools: { schema: schoolDoc, indexes: ['code'] },
  batches: { schema: batchDoc, indexes: ['code', 'schoolId'] },
  roster: { schema: rosterDoc, indexes: ['batchId', 'codeNumber'] },
  enrollments: { schema: enrollmentDoc, indexes: ['openid', 'codeNumber', 'batchId'] },
  codeClaims: { schema: codeClaimDoc, indexes: [] },
  enrollAttempts: { schema: enrollAttemptDoc, indexes: [] },
  files: { schema: fileDoc, indexes: ['owner'] },
  photos: { schema: photoDoc, indexes: ['enrollmentId', 'openid', 'state', 'schoolId', 'submittedAt'] },
  orders: { schema: orderDoc, indexes: ['enrollmentId', 'openid', 'state'] },
  audit: { schema: auditDoc, indexes: ['entityId'] },
  exportJobs: { schema: exportJobDoc, indexes: ['batchId'] },
  addresses: { schema: addressDoc, indexes: ['openid'] },
  errata: { schema: errataDoc, indexes: ['openid', 'schoolId'] },
  notifications: { schema: notificationDoc, indexes: ['openid'] },
  payEvents: { schema: payEventDoc, indexes: ['orderId'] },
  photoHashes: { schema: photoHashDoc, indexes: ['schoolCode'] },
} as const satisfies Record<string, { schema: z.ZodType<{ id: string }>; indexes: readonly string[] }>;

export type CollectionName = keyof typeof COLLECTIONS;

/**
 * Compound indexes an embedded store needs besides the single-field ones: the review queue filters by
 * state and school (or batch) and reads oldest first, and counts what is overdue by submission time.
 */
export const COMPOUND_INDEXES: Partial<Record<CollectionName, readonly (readonly string[])[]>> = {
  photos: [
    ['state', 'schoolId', 'submittedAt'],
    ['state', 'schoolId', 'flagged', 'submittedAt'],
    ['state', 'batchId', 'submittedAt'],
    ['state', 'batchId', 'flagged', 'submittedAt'],
  ],
};
export type DocOf<C extends CollectionName> = z.infer<(typeof COLLECTIONS)[C]['schema']>;
