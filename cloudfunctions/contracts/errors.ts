import { z } from 'zod';

/**
 * Stable error codes of the protocol (api.md), each with its HTTP status on the local cloud and a Chinese
 * default message. Add codes here; never rename one, clients switch on them.
 */
export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行该操作' },
  INVALID_INPUT: { status: 400, message: '请求参数不正确' },
  NOT_FOUND: { status: 404, message: '找不到该记录' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后重试' },
  QUOTA_EXCEEDED: { status: 429, message: '次数已用完' },
  RATE_LIMITED: { status: 429, message: '操作太频繁，请稍后再试' },
  CODE_UNREADABLE: { status: 422, message: '未能识别采集码，请长按保存采集码原图后上传，截图可能无法识别' },
  CODE_INVALID: { status: 422, message: '采集码无效，请重新获取学信网采集码' },
  SCHOOL_MISMATCH: { status: 422, message: '该采集码不属于本批次的学校，请确认特征码' },
  LAST4_MISMATCH: { status: 422, message: '身份证号后4位不正确' },
  LOCKED: { status: 423, message: '错误次数过多，请稍后再试' },
  BATCH_CLOSED: { status: 422, message: '该批次不在采集时间内' },
  PHOTO_NOT_PASSING: { status: 422, message: '照片未通过检测，不能提交审核' },
  INVALID_STATE: { status: 409, message: '当前状态不允许该操作' },
  /** 「重新制作」 made a standard photo that does not pass: the photo keeps its current one (not PHOTO_NOT_PASSING: the photo itself still passes). */
  REMAKE_FAILED: { status: 422, message: '重新制作未成功，已保留原来的标准照' },
  PHONE_CODE_INVALID: { status: 422, message: '手机号授权已失效，请重新点击「手机号快捷登录」' },
  FILE_UNSUPPORTED: { status: 415, message: '文件格式不支持，请上传 JPEG、PNG 或 WebP 照片' },
  FILE_TOO_LARGE: { status: 413, message: '文件太大，请上传20MB、5000万像素以内的照片' },
  INTERNAL: { status: 500, message: '服务暂时不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const errorCodeSchema = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);

export const errorBodySchema = z.object({ code: errorCodeSchema, message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The one error type use-cases throw; entries turn it into `{ok:false, error}`. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string = ERRORS[code].message,
    /** Machine-readable extras a screen may show (e.g. attempts left, minutes until unlock). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
