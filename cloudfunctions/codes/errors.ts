import { z } from 'zod';

/** Why a 采集码 could not be read; each is distinct so the student is told what to do next. */
export const CodeErrorCodeSchema = z.enum(['CODE_UNREADABLE', 'CODE_MALFORMED', 'CODE_UNKNOWN_KEY', 'CODE_TAMPERED']);
export type CodeErrorCode = z.infer<typeof CodeErrorCodeSchema>;

export const CODE_ERROR_MESSAGES: Record<CodeErrorCode, string> = {
  CODE_UNREADABLE: '未能识别采集码，请长按保存采集码原图后上传，截图可能无法识别',
  CODE_MALFORMED: '这不是有效的采集码，请上传学信网生成的图像采集码',
  CODE_UNKNOWN_KEY: '该采集码不是本采集单位可识别的采集码，请确认后重新获取',
  CODE_TAMPERED: '采集码内容校验失败，可能已损坏或被修改，请重新下载采集码',
};

export class CodeError extends Error {
  override readonly name = 'CodeError';
  constructor(
    readonly code: CodeErrorCode,
    message: string = CODE_ERROR_MESSAGES[code],
  ) {
    super(message);
  }
}

export function isCodeError(error: unknown): error is CodeError {
  return error instanceof CodeError;
}
