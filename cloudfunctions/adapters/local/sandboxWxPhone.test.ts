import { maskPhone } from '../../domain/phone';
import { sandboxWxPhone } from './sandboxWxPhone';

describe('the sandbox phone numbers (local stand-in for phonenumber.getPhoneNumber)', () => {
  it('maps a sandbox code to the same mainland number every time, and other codes to other numbers', async () => {
    const a = await sandboxWxPhone.phoneNumber('sandbox-zhangsan');
    expect(a).toEqual({ phone: expect.stringMatching(/^170\d{8}$/), countryCode: '86' });
    expect(await sandboxWxPhone.phoneNumber('sandbox-zhangsan')).toEqual(a);
    expect((await sandboxWxPhone.phoneNumber('sandbox-lisi')).phone).not.toBe(a.phone);
  });

  it('refuses codes that are not of the sandbox form, as WeChat refuses a code it did not issue', async () => {
    for (const code of ['0a1b2c3d4e5f', 'sandbox-', 'SANDBOX-x', `sandbox-${'x'.repeat(49)}`]) {
      await expect(sandboxWxPhone.phoneNumber(code)).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' });
    }
  });
});

describe('maskPhone', () => {
  it('shows the first 3 and last 4 digits of a mainland number, the last 2 of a shorter one', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+85291234567')).toBe('+85*****4567');
    expect(maskPhone('91234567')).toBe('******67');
  });
});
