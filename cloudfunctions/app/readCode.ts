import type { CodePayload } from '../codes/payload';
import { isCodeError } from '../codes/errors';
import { readCodeFromImage } from '../codes/qrRead';
import type { Code } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AppDeps, Caller } from './deps';
import { ownFile } from './ownership';

export type CodeSource = { fileId?: string | undefined; text?: string | undefined };

/**
 * Decodes a 采集码 from the student's saved image or from the text the camera scanned. The codes
 * library's reasons map onto the protocol: nothing found in the image is CODE_UNREADABLE, anything
 * found but not a valid code of ours (malformed, unknown key, tampered) is CODE_INVALID with the
 * library's specific Chinese message.
 */
export async function decodeCode(deps: Pick<AppDeps, 'db' | 'files' | 'codec'>, caller: Caller, source: CodeSource): Promise<Code> {
  let text = source.text;
  if (source.fileId !== undefined) {
    await ownFile(deps.db, caller, source.fileId, ['upload']);
    const file = await deps.files.get(source.fileId);
    if (!file) throw new AppError('NOT_FOUND', '找不到该文件，请重新上传');
    text = await readCodeFromImage(file.data, { accept: (found) => deps.codec.recognizes(found) }).catch((error: unknown) => {
      throw isCodeError(error) ? new AppError('CODE_UNREADABLE', error.message) : error;
    });
  }
  if (text === undefined) throw new AppError('INVALID_INPUT', '请提供采集码');
  try {
    const payload: CodePayload = deps.codec.decode(text);
    return payload;
  } catch (error) {
    if (isCodeError(error)) {
      throw new AppError(error.code === 'CODE_UNREADABLE' ? 'CODE_UNREADABLE' : 'CODE_INVALID', error.message);
    }
    throw error;
  }
}

/** `student.readCode`: what the code holds, for the student to confirm (资格展示). */
export async function readCode(deps: AppDeps, caller: Caller, source: CodeSource): Promise<{ code: Code }> {
  return { code: await decodeCode(deps, caller, source) };
}
