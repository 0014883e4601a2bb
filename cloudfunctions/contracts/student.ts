import { z } from 'zod';
import { codeSchema } from './documents';
import { userView } from './ops';
import { auditView, enrollmentView, orderView, photoView } from './views';

const id = z.string().trim().min(1).max(64);
/** A 采集码's text as scanned by the camera (the QR content). */
const codeText = z.string().trim().min(1).max(2048);

const codeSource = { fileId: id.optional(), text: codeText.optional() };
const oneCodeSource = (input: { fileId?: string | undefined; text?: string | undefined }) =>
  (input.fileId === undefined) !== (input.text === undefined);
const ONE_CODE_SOURCE = { error: '请提供采集码图片或扫码内容（二选一）' };

/**
 * The caller's own account (who am I): the roles and school scope that choose the app's tabs, and whether a
 * phone number is bound — shown masked, never in full, not even to its owner.
 */
export const accountView = userView.extend({
  schoolName: z.string().optional(),
  phoneMasked: z.string().optional(),
  phoneBound: z.boolean(),
});
export type AccountView = z.infer<typeof accountView>;

/** A checked photo with the free checks its 学历 has left (checkPhoto and remakePhoto answer the same). */
const checkedPhoto = z.object({ photo: photoView.extend({ checksLeft: z.number().int().nonnegative() }) });

/** The `student` function: everything a graduate does in the mini-program. */
export const studentActions = {
  /** The caller's account, created on the first call (identity from the platform's context only). */
  me: {
    input: z.strictObject({}),
    output: z.object({ user: accountView }),
  },
  /** The 「手机号快捷登录」 button's one-time dynamic code (`e.detail.code`), exchanged with WeChat. */
  bindPhone: {
    input: z.strictObject({
      code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: '手机号授权码格式不正确，请重新点击「手机号快捷登录」' }),
    }),
    output: z.object({ user: accountView }),
  },
  readCode: {
    input: z.strictObject(codeSource).refine(oneCodeSource, ONE_CODE_SOURCE),
    output: z.object({ code: codeSchema }),
  },
  enroll: {
    input: z
      .strictObject({
        /** The batch 特征码; case-insensitive. Absent for a walk-in (散拍/补拍). */
        batchCode: z.string().trim().min(4).max(12).optional(),
        idLast4: z
          .string()
          .trim()
          .regex(/^\d{3}[\dXx]$/, { error: '请输入身份证号后4位' })
          .transform((s) => s.toUpperCase()),
        ...codeSource,
      })
      .refine(oneCodeSource, ONE_CODE_SOURCE),
    output: z.object({ enrollment: enrollmentView }),
  },
  listEnrollments: {
    input: z.strictObject({}),
    output: z.object({
      enrollments: z.array(enrollmentView.extend({ photo: photoView.nullable(), order: orderView.nullable() })),
    }),
  },
  /** One enrolment with every photo and the history of its states (the status screen). */
  getEnrollment: {
    input: z.strictObject({ enrollmentId: id }),
    output: z.object({
      enrollment: enrollmentView,
      photos: z.array(photoView.extend({ history: z.array(auditView) })),
    }),
  },
  checkPhoto: {
    input: z.strictObject({ enrollmentId: id, fileId: id }),
    output: checkedPhoto,
  },
  /**
   * 「重新制作」: the background replacement again, with the engine's other segmentation, for a passing photo
   * not yet submitted. Charges no free check; bounded per photo. A remake that does not pass keeps the
   * current standard photo (REMAKE_FAILED).
   */
  remakePhoto: {
    input: z.strictObject({ photoId: id }),
    output: checkedPhoto,
  },
  submitPhoto: {
    input: z.strictObject({ photoId: id }),
    output: z.object({ photo: photoView }),
  },
  withdrawPhoto: {
    input: z.strictObject({ photoId: id }),
    output: z.object({ photo: photoView }),
  },
} as const;
