import { randomBytes } from 'node:crypto';
import type { PaymentParams, PayNotification } from '../../contracts/orders';
import type { Clock } from '../../ports/clock';
import type { Pay, PaymentNotice } from '../../ports/pay';
import { hasValidWechatPaySign, wechatPaySign } from '../wechatPaySign';

const APP_ID = 'wxsandbox0000000000';
const MCH_ID = '1900000000';

const nonce = () => randomBytes(16).toString('hex');
/** WeChat's time format: yyyyMMddHHmmss, China time. */
function timeEnd(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * A stand-in for WeChat Pay v2 that signs like it: 统一下单 returns `wx.requestPayment` parameters
 * signed with the merchant key, and `paidNotification` produces the notification WeChat Pay would POST
 * after a successful payment (all parameters as strings, HMAC-SHA256 `sign`). No money moves; closes
 * and refunds are recorded for inspection.
 */
export class SandboxPay implements Pay {
  readonly closed: string[] = [];
  readonly refunds: { orderId: string; refundId: string; amountFen: number; reason: string }[] = [];

  constructor(
    private readonly key: string,
    private readonly clock: Clock,
  ) {}

  async unifiedOrder(order: { orderId: string; amountFen: number }): Promise<PaymentParams> {
    const unsigned = {
      appId: APP_ID,
      timeStamp: String(Math.floor(this.clock.now() / 1000)),
      nonceStr: nonce(),
      package: `prepay_id=sandbox${order.orderId}`,
      signType: 'HMAC-SHA256' as const,
    };
    return { ...unsigned, paySign: wechatPaySign(unsigned, this.key) };
  }

  /** The signed notification of a successful payment of `amountFen` on the order. */
  paidNotification(order: { orderId: string; amountFen: number; openid: string }): PayNotification {
    const params: Record<string, string> = {
      appid: APP_ID,
      mch_id: MCH_ID,
      nonce_str: nonce(),
      sign_type: 'HMAC-SHA256',
      result_code: 'SUCCESS',
      return_code: 'SUCCESS',
      openid: order.openid,
      trade_type: 'JSAPI',
      bank_type: 'OTHERS',
      total_fee: String(order.amountFen),
      fee_type: 'CNY',
      cash_fee: String(order.amountFen),
      transaction_id: `4200${this.clock.now()}${randomBytes(4).toString("hex")}`,
      out_trade_no: order.orderId,
      time_end: timeEnd(this.clock.now()),
    };
    return { ...params, sign: wechatPaySign(params, this.key) };
  }

  verifyNotification(params: PayNotification): PaymentNotice | null {
    if (!hasValidWechatPaySign(params, this.key)) return null;
    const amountFen = Number(params.total_fee);
    const { out_trade_no: orderId, transaction_id: transactionId } = params;
    if (!orderId || !transactionId || !Number.isSafeInteger(amountFen)) return null;
    return { orderId, transactionId, amountFen, success: params.return_code === 'SUCCESS' && params.result_code === 'SUCCESS' };
  }

  async closeOrder(orderId: string): Promise<void> {
    this.closed.push(orderId);
  }

  async refund(request: { orderId: string; refundId: string; amountFen: number; reason: string }): Promise<void> {
    this.refunds.push(request);
  }
}
