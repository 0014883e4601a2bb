import { createHash } from 'node:crypto';
import { AppError } from '../../contracts/errors';
import type { WxPhone } from '../../ports/wxPhone';

/** The codes the sandbox accepts: `sandbox-` and a name, e.g. `sandbox-zhangsan`. */
export const SANDBOX_PHONE_CODE = /^sandbox-[A-Za-z0-9_-]{1,48}$/;

/**
 * `phonenumber.getPhoneNumber` without WeChat, for the local cloud and tests: a sandbox code maps to a
 * fixed fake number in the 170 (virtual operator) range, the same one every time, so a dev session and a
 * test can bind and find it again. Anything else — a real WeChat code included — is refused as WeChat
 * refuses a code it did not issue.
 */
export const sandboxWxPhone: WxPhone = {
  async phoneNumber(code) {
    if (!SANDBOX_PHONE_CODE.test(code)) throw new AppError('PHONE_CODE_INVALID');
    const digits = createHash('sha256').update(code).digest().readUInt32BE(0) % 100_000_000;
    return { phone: `170${String(digits).padStart(8, '0')}`, countryCode: '86' };
  },
};
