import { z } from 'zod';

/**
 * What `wx.requestPayment` needs to open WeChat Pay for an order (the result of 统一下单), signed by the
 * backend with the merchant key; the client passes it through unchanged.
 */
export const paymentParamsSchema = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  /** `prepay_id=…` */
  package: z.string(),
  signType: z.literal('HMAC-SHA256'),
  paySign: z.string(),
});
export type PaymentParams = z.infer<typeof paymentParamsSchema>;

/**
 * A payment result notification as WeChat Pay v2 sends it to `payNotify`: flat string parameters
 * (`out_trade_no`, `total_fee` in fen, `transaction_id`, `result_code`, …) signed with HMAC-SHA256 over
 * the sorted parameters. Parsed loosely here; the Pay port verifies the signature and the use-case the
 * amount and the order.
 */
export const payNotificationSchema = z.record(z.string(), z.string());
export type PayNotification = z.infer<typeof payNotificationSchema>;

/** What payNotify answers, in WeChat Pay's own words: SUCCESS stops the retries. */
export const payNotifyReplySchema = z.object({ return_code: z.enum(['SUCCESS', 'FAIL']), return_msg: z.string() });
