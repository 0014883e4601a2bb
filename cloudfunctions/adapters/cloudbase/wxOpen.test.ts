import { imageReply, phoneNumberOf, subscribeMessageNotify, wxacodeBatchQr, wxOpenPhone, WxOpenError, type WxOpenApi } from './wxOpen';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function fakeWx(reply: unknown) {
  const calls: { apiName: string; requestData: unknown }[] = [];
  const wx: WxOpenApi = {
    async callWxOpenApi(options) {
      calls.push(options);
      return { result: reply };
    },
  };
  return { wx, calls };
}

describe('WeChat open APIs by 云调用', () => {
  it('asks for the batch 小程序码 with the batch scene on the enrol page', async () => {
    const { wx, calls } = fakeWx(PNG.toString('base64'));
    expect((await wxacodeBatchQr(wx).render({ code: 'K7QF2M' })).equals(PNG)).toBe(true);
    expect(calls[0]).toMatchObject({ apiName: '/wxa/getwxacodeunlimit', requestData: { scene: 'batch=K7QF2M', page: 'pages/enroll/index', check_path: false } });
  });

  it('reads an image reply as base64, raw bytes or a buffer, and a JSON error as an error', () => {
    expect(imageReply('a', PNG.toString('latin1')).equals(PNG)).toBe(true);
    expect(imageReply('a', PNG).equals(PNG)).toBe(true);
    expect(() => imageReply('a', '{"errcode":41030,"errmsg":"invalid page"}')).toThrow(WxOpenError);
    expect(() => imageReply('a', 'hello')).toThrow(/not an image/);
  });

  it('sends a subscribe message with its keywords wrapped, and stays quiet when the student has not allowed it', async () => {
    const ok = fakeWx({ errcode: 0, errmsg: 'ok' });
    const notify = subscribeMessageNotify(ok.wx, { reviewResult: 'tmpl-review', orderStatus: undefined });
    await notify.send({ openid: 'o1', template: 'reviewResult', page: 'pages/status/index?id=1', data: { thing1: '照片审核未通过' } });
    expect(ok.calls[0]!.requestData).toMatchObject({ touser: 'o1', template_id: 'tmpl-review', data: { thing1: { value: '照片审核未通过' } } });
    await notify.send({ openid: 'o1', template: 'orderStatus', page: 'p', data: {} });
    expect(ok.calls).toHaveLength(1);
    const refused = fakeWx({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await expect(subscribeMessageNotify(refused.wx, { reviewResult: 't', orderStatus: 't' }).send({ openid: 'o1', template: 'reviewResult', page: 'p', data: {} })).resolves.toBeUndefined();
  });

  it('reads the phone number a student allowed', async () => {
    const { wx } = fakeWx({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '+86 13800000000', purePhoneNumber: '13800000000', countryCode: '86' } });
    expect(await phoneNumberOf(wx, 'code')).toEqual({ phone: '13800000000', countryCode: '86' });
  });

  it('exchanges the button code through the WxPhone port: a refused code is PHONE_CODE_INVALID, an outage stays an error', async () => {
    const ok = fakeWx({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '+86 13800000000', purePhoneNumber: '13800000000', countryCode: '86' } });
    expect(await wxOpenPhone(ok.wx).phoneNumber('dyn-code')).toEqual({ phone: '13800000000', countryCode: '86' });
    expect(ok.calls[0]).toMatchObject({ apiName: '/wxa/business/getuserphonenumber', requestData: { code: 'dyn-code' } });
    await expect(wxOpenPhone(fakeWx({ errcode: 40029, errmsg: 'invalid code' }).wx).phoneNumber('x')).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' });
    await expect(wxOpenPhone(fakeWx({ errcode: -1, errmsg: 'system error' }).wx).phoneNumber('x')).rejects.toBeInstanceOf(WxOpenError);
  });
});
