import { hasValidWechatPaySign, wechatPaySign } from '../../wechatPaySign';
import type { XmlPost } from '../wechatPay';
import { buildWechatPayXml, parseWechatPayXml } from '../wechatPayXml';

/**
 * WeChat Pay's merchant API v2 as it answers over HTTPS: refuses a request whose signature does not
 * check out, and signs its replies with the merchant key. `answer` gives the business fields. Never shipped.
 */
export function fakeWechatPayApi(key: string, answer: (path: string, request: Record<string, string>) => Record<string, string>) {
  const requests: { path: string; params: Record<string, string>; cert: boolean }[] = [];
  const post: XmlPost = async (url, xml, pfx) => {
    const params = parseWechatPayXml(xml);
    const path = new URL(url).pathname;
    requests.push({ path, params, cert: Boolean(pfx) });
    if (!hasValidWechatPaySign(params, key)) return buildWechatPayXml({ return_code: 'FAIL', return_msg: '签名错误' });
    const reply = { return_code: 'SUCCESS', return_msg: 'OK', appid: params.appid!, mch_id: params.mch_id!, nonce_str: 'n', ...answer(path, params) };
    return buildWechatPayXml({ ...reply, sign: wechatPaySign(reply, key) });
  };
  return { post, requests };
}

/** A payment result notification as WeChat Pay signs it. */
export function signedNotification(key: string, facts: Record<string, string>): Record<string, string> {
  return { ...facts, sign: wechatPaySign(facts, key) };
}
