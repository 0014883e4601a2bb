/**
 * The phone number a student allows with the 「手机号快捷登录」 button (`open-type="getPhoneNumber"`): the
 * button hands the mini-program a one-time dynamic code, the backend exchanges it. On CloudBase
 * `phonenumber.getPhoneNumber` by 云调用; locally a sandbox. A code that is not valid (expired, used,
 * forged) is `PHONE_CODE_INVALID`.
 */
export interface WxPhone {
  phoneNumber(code: string): Promise<{ phone: string; countryCode: string }>;
}
