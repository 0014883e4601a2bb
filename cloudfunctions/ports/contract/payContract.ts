import { paymentParamsSchema } from '../../contracts/orders';
import type { Pay } from '../pay';

/**
 * The Pay port's contract, for the sandbox and the WeChat Pay adapter (against a stand-in of the
 * merchant API): an order gets `wx.requestPayment` parameters, and a notification is believed only
 * when the payment platform signed it.
 */
export interface PayUnderTest {
  pay: Pay;
  /** The notification of a successful payment, signed as the platform signs it. */
  paidNotification(order: { orderId: string; amountFen: number; openid: string }): Record<string, string>;
}

export function describePayContract(label: string, open: () => PayUnderTest): void {
  describe(`the Pay port (${label})`, () => {
    const order = { orderId: 'order-1', amountFen: 2500, description: '毕业生图像采集', openid: 'oStudent', expiresAt: Date.UTC(2026, 5, 1) };

    it('places an order and returns what wx.requestPayment needs', async () => {
      const { pay } = open();
      const params = paymentParamsSchema.parse(await pay.unifiedOrder(order));
      expect(params.package).toMatch(/^prepay_id=.+/);
      expect(params.paySign).toMatch(/^[0-9A-F]{64}$/);
    });

    it('believes a notification the platform signed, with its facts', () => {
      const { pay, paidNotification } = open();
      const notice = pay.verifyNotification(paidNotification(order));
      expect(notice).toMatchObject({ orderId: 'order-1', amountFen: 2500, success: true });
      expect(notice?.transactionId).toBeTruthy();
    });

    it('refuses a notification changed after signing, or not signed at all', () => {
      const { pay, paidNotification } = open();
      const signed = paidNotification(order);
      expect(pay.verifyNotification({ ...signed, total_fee: '1' })).toBeNull();
      const { sign: _sign, ...unsigned } = signed;
      expect(pay.verifyNotification(unsigned)).toBeNull();
    });
  });
}
