import type { PaymentParams, PayNotification } from '../contracts/orders';

/** The facts of a payment notification whose signature checked out. */
export interface PaymentNotice {
  orderId: string;
  transactionId: string;
  amountFen: number;
  /** WeChat's `result_code == SUCCESS`. */
  success: boolean;
}

/**
 * WeChat Pay (v2 semantics): the sandbox adapter locally, WeChat Pay / CloudBase cloud payment in
 * production. Amounts are integers in fen; order ids are our `out_trade_no`.
 */
export interface Pay {
  /** 统一下单: registers the order and returns what `wx.requestPayment` needs. */
  unifiedOrder(order: { orderId: string; amountFen: number; description: string; openid: string; expiresAt: number }): Promise<PaymentParams>;
  /** Checks a notification's signature: its facts, or null when it is not signed by the payment platform. */
  verifyNotification(params: PayNotification): PaymentNotice | null;
  /** 关闭订单: no payment can be made on it afterwards. */
  closeOrder(orderId: string): Promise<void>;
  /** 申请退款 of a paid order (whole amount). */
  refund(request: { orderId: string; refundId: string; amountFen: number; reason: string }): Promise<void>;
}
