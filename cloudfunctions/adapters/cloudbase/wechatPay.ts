import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { z } from 'zod';
import { AppError } from '../../contracts/errors';
import type { PaymentParams, PayNotification } from '../../contracts/orders';
import type { Clock } from '../../ports/clock';
import type { Pay, PaymentNotice } from '../../ports/pay';
import { hasValidWechatPaySign, wechatPaySign } from '../wechatPaySign';
import { buildWechatPayXml, parseWechatPayXml } from './wechatPayXml';

/**
 * The Pay port on WeChat Pay API v2 (JSAPI, HMAC-SHA256 signatures), called from the functions over
 * HTTPS. The merchant key signs requests and verifies replies and notifications; the refund API also
 * needs the merchant's API certificate (mutual TLS). The notification reaches the `payNotify` function
 * through CloudBase's HTTP access service at `notifyUrl`.
 */
export const wechatPayConfigSchema = z.object({
  appId: z.string().regex(/^wx[0-9a-f]{16}$/, '小程序 AppID 形如 wx 加 16 位十六进制'),
  mchId: z.string().regex(/^\d{8,10}$/, '商户号为 8–10 位数字'),
  /** The API v2 key (商户平台 → API安全 → APIv2密钥), 32 characters. */
  key: z.string().length(32, 'APIv2 密钥为 32 位'),
  notifyUrl: z.url({ protocol: /^https$/, error: '支付通知地址必须是 https' }),
  /** apiclient_cert.p12, base64; only refunds need it. */
  certP12: z.string().optional(),
  /** The server's public IP for `spbill_create_ip`. */
  clientIp: z.string().default('127.0.0.1'),
  baseUrl: z.url().default('https://api.mch.weixin.qq.com'),
});
export type WechatPayConfig = z.input<typeof wechatPayConfigSchema>;

/** POSTs XML and returns the reply body; `pfx` for the certificate-protected APIs. */
export type XmlPost = (url: string, xml: string, pfx?: { pfx: Buffer; passphrase: string }) => Promise<string>;

export const httpsXmlPost: XmlPost = (url, xml, pfx) =>
  new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, timeout: 10_000, ...pfx }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`WeChat Pay timed out: ${url}`)));
    request.on('error', reject);
    request.end(xml);
  });

const nonce = () => randomBytes(16).toString('hex');

/** WeChat's time format: yyyyMMddHHmmss in China time. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export class WechatPay implements Pay {
  private readonly config: z.output<typeof wechatPayConfigSchema>;

  constructor(
    config: WechatPayConfig,
    private readonly clock: Clock,
    private readonly post: XmlPost = httpsXmlPost,
  ) {
    this.config = wechatPayConfigSchema.parse(config);
  }

  /** Signs and sends a request; returns the reply once its signature and return/result codes check out. */
  private async call(path: string, fields: Record<string, string>, withCert = false): Promise<Record<string, string>> {
    const { appId, mchId, key, certP12, baseUrl } = this.config;
    const params: Record<string, string> = { appid: appId, mch_id: mchId, nonce_str: nonce(), sign_type: 'HMAC-SHA256', ...fields };
    params.sign = wechatPaySign(params, key);
    let pfx: { pfx: Buffer; passphrase: string } | undefined;
    if (withCert) {
      if (!certP12) throw new Error('退款需要配置商户 API 证书（WECHAT_PAY_CERT_P12）');
      pfx = { pfx: Buffer.from(certP12, 'base64'), passphrase: mchId };
    }
    const reply = parseWechatPayXml(await this.post(`${baseUrl}${path}`, buildWechatPayXml(params), pfx));
    if (reply.return_code !== 'SUCCESS') throw new Error(`WeChat Pay ${path}: ${reply.return_msg ?? reply.return_code}`);
    if (!hasValidWechatPaySign(reply, key)) throw new Error(`WeChat Pay ${path}: the reply's signature does not match`);
    return reply;
  }

  async unifiedOrder(order: { orderId: string; amountFen: number; description: string; openid: string; expiresAt: number }): Promise<PaymentParams> {
    const reply = await this.call('/pay/unifiedorder', {
      body: order.description.slice(0, 40),
      out_trade_no: order.orderId,
      total_fee: String(order.amountFen),
      spbill_create_ip: this.config.clientIp,
      notify_url: this.config.notifyUrl,
      trade_type: 'JSAPI',
      openid: order.openid,
      time_expire: chinaTime(order.expiresAt),
    });
    if (reply.result_code !== 'SUCCESS' || !reply.prepay_id) {
      if (reply.err_code === 'ORDERPAID') throw new AppError('INVALID_STATE', '该订单已支付');
      throw new Error(`WeChat Pay unifiedorder: ${reply.err_code ?? ''} ${reply.err_code_des ?? ''}`);
    }
    const unsigned = {
      appId: this.config.appId,
      timeStamp: String(Math.floor(this.clock.now() / 1000)),
      nonceStr: nonce(),
      package: `prepay_id=${reply.prepay_id}`,
      signType: 'HMAC-SHA256' as const,
    };
    const { appId: _appId, ...params } = unsigned;
    return { ...params, paySign: wechatPaySign(unsigned, this.config.key) };
  }

  /** Signed by WeChat Pay with our key, and for our merchant and mini-program. */
  verifyNotification(params: PayNotification): PaymentNotice | null {
    if (!hasValidWechatPaySign(params, this.config.key)) return null;
    if (params.appid !== this.config.appId || params.mch_id !== this.config.mchId) return null;
    const amountFen = Number(params.total_fee);
    const { out_trade_no: orderId, transaction_id: transactionId } = params;
    if (!orderId || !transactionId || !Number.isSafeInteger(amountFen)) return null;
    return { orderId, transactionId, amountFen, success: params.return_code === 'SUCCESS' && params.result_code === 'SUCCESS' };
  }

  async closeOrder(orderId: string): Promise<void> {
    const reply = await this.call('/pay/closeorder', { out_trade_no: orderId });
    if (reply.result_code === 'SUCCESS' || reply.err_code === 'ORDERCLOSED') return;
    if (reply.err_code === 'ORDERPAID') throw new AppError('INVALID_STATE', '该订单已支付，不能关闭');
    throw new Error(`WeChat Pay closeorder: ${reply.err_code ?? ''} ${reply.err_code_des ?? ''}`);
  }

  async refund(request: { orderId: string; refundId: string; amountFen: number; reason: string }): Promise<void> {
    const reply = await this.call(
      '/secapi/pay/refund',
      {
        out_trade_no: request.orderId,
        out_refund_no: request.refundId,
        total_fee: String(request.amountFen),
        refund_fee: String(request.amountFen),
        refund_desc: request.reason.slice(0, 80),
      },
      true,
    );
    if (reply.result_code !== 'SUCCESS') throw new Error(`WeChat Pay refund: ${reply.err_code ?? ''} ${reply.err_code_des ?? ''}`);
  }
}
