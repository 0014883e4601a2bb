import { wechatPaySign } from '../wechatPaySign';
import { fakeWechatPayApi } from './testing/fakeWechatPayApi';
import { chinaTime, WechatPay, type XmlPost } from './wechatPay';
import { buildWechatPayXml, parseWechatPayXml } from './wechatPayXml';

const KEY = 'k'.repeat(32);
const config = { appId: 'wx0123456789abcdef', mchId: '1900000109', key: KEY, notifyUrl: 'https://env-1.service.tcloudbase.com/payNotify' };
const clock = { now: () => Date.UTC(2026, 5, 1, 2, 0, 0) };

const fakeWechatPay = (answer: Parameters<typeof fakeWechatPayApi>[1]) => fakeWechatPayApi(KEY, answer);

describe('WeChat Pay v2', () => {
  it('places a JSAPI order and returns what wx.requestPayment needs, signed', async () => {
    const fake = fakeWechatPay(() => ({ result_code: 'SUCCESS', prepay_id: 'wx201410272009395522657a690389285100', trade_type: 'JSAPI' }));
    const pay = new WechatPay(config, clock, fake.post);
    const params = await pay.unifiedOrder({ orderId: 'o1', amountFen: 2500, description: '毕业生图像采集', openid: 'oUser', expiresAt: clock.now() + 30 * 60_000 });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/pay/unifiedorder');
    expect(sent.params).toMatchObject({ out_trade_no: 'o1', total_fee: '2500', trade_type: 'JSAPI', openid: 'oUser', notify_url: config.notifyUrl, time_expire: '20260601103000' });
    expect(params.package).toBe('prepay_id=wx201410272009395522657a690389285100');
    expect(params.paySign).toBe(wechatPaySign({ appId: config.appId, timeStamp: params.timeStamp, nonceStr: params.nonceStr, package: params.package, signType: 'HMAC-SHA256' }, KEY));
  });

  it('refuses a reply whose signature does not match', async () => {
    const post: XmlPost = async () => buildWechatPayXml({ return_code: 'SUCCESS', result_code: 'SUCCESS', prepay_id: 'x', sign: 'FORGED' });
    await expect(new WechatPay(config, clock, post).unifiedOrder({ orderId: 'o1', amountFen: 1, description: 'd', openid: 'o', expiresAt: 0 })).rejects.toThrow(/signature/);
  });

  it('verifies a notification: our key, our merchant, our mini-program', () => {
    const pay = new WechatPay(config, clock, fakeWechatPay(() => ({})).post);
    const facts = { appid: config.appId, mch_id: config.mchId, result_code: 'SUCCESS', return_code: 'SUCCESS', out_trade_no: 'o1', transaction_id: '4200001', total_fee: '2500', nonce_str: 'n' };
    expect(pay.verifyNotification({ ...facts, sign: wechatPaySign(facts, KEY) })).toEqual({ orderId: 'o1', transactionId: '4200001', amountFen: 2500, success: true });
    expect(pay.verifyNotification({ ...facts, total_fee: '1', sign: wechatPaySign(facts, KEY) })).toBeNull();
    const otherMerchant = { ...facts, mch_id: '1900000999' };
    expect(pay.verifyNotification({ ...otherMerchant, sign: wechatPaySign(otherMerchant, KEY) })).toBeNull();
    expect(pay.verifyNotification({ ...facts, sign: wechatPaySign(facts, 'x'.repeat(32)) })).toBeNull();
  });

  it('closes an order, treating an already closed one as done and a paid one as a state error', async () => {
    const answers: Record<string, string>[] = [{ result_code: 'SUCCESS' }, { result_code: 'FAIL', err_code: 'ORDERCLOSED' }, { result_code: 'FAIL', err_code: 'ORDERPAID' }];
    const pay = new WechatPay(config, clock, fakeWechatPay(() => answers.shift()!).post);
    await pay.closeOrder('o1');
    await pay.closeOrder('o1');
    await expect(pay.closeOrder('o1')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refunds the whole amount over the certificate-protected API, and refuses without a certificate', async () => {
    const fake = fakeWechatPay(() => ({ result_code: 'SUCCESS', refund_id: 'r1' }));
    await expect(new WechatPay(config, clock, fake.post).refund({ orderId: 'o1', refundId: 'r1', amountFen: 2500, reason: '重复支付' })).rejects.toThrow(/证书/);
    await new WechatPay({ ...config, certP12: Buffer.from('p12').toString('base64') }, clock, fake.post).refund({ orderId: 'o1', refundId: 'r1', amountFen: 2500, reason: '重复支付' });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/secapi/pay/refund', cert: true, params: { out_refund_no: 'r1', total_fee: '2500', refund_fee: '2500' } });
  });

  it('refuses a configuration that cannot work', () => {
    expect(() => new WechatPay({ ...config, key: 'short' }, clock)).toThrow(/32/);
    expect(() => new WechatPay({ ...config, notifyUrl: 'http://insecure' }, clock)).toThrow(/https/);
  });
});

describe('the WeChat Pay XML envelope', () => {
  it('round-trips parameters, CDATA and entities included', () => {
    const params = { return_code: 'SUCCESS', body: '毕业生图像采集 <蓝底>', total_fee: '1' };
    expect(parseWechatPayXml(buildWechatPayXml(params))).toEqual(params);
    expect(parseWechatPayXml('<xml><a>1 &lt; 2</a>\n<b><![CDATA[x]]></b></xml>')).toEqual({ a: '1 < 2', b: 'x' });
  });

  it('refuses anything that is not one flat envelope', () => {
    expect(() => parseWechatPayXml('<html></html>')).toThrow();
    expect(() => parseWechatPayXml('<xml><a><b>1</b></a></xml>')).toThrow();
  });

  it('writes times as WeChat does, in China time', () => {
    expect(chinaTime(Date.UTC(2026, 0, 1, 16, 30, 5))).toBe('20260102003005');
  });
});
