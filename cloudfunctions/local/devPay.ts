import { z } from 'zod';
import type { SandboxPay } from '../adapters/local/sandboxPay';
import { AppError } from '../contracts/errors';
import type { Envelope } from '../contracts/envelope';
import type { Main } from '../functions/main';
import type { Db } from '../ports/db';

export const devPaySchema = z.strictObject({ orderId: z.string().trim().min(1).max(64) });

/**
 * `POST /api/dev/pay {orderId}`: the student "pays" in the sandbox; the signed notification WeChat Pay
 * would send goes to the `payNotify` function's entry with a platform (user-less) context. Like WeChat
 * Pay, it refuses an order that is not waiting for payment. Local mode only.
 */
export async function devPay(deps: { db: Db; pay: SandboxPay; payNotify: Main }, orderId: string): Promise<Envelope<unknown>> {
  const order = await deps.db.collection('orders').get(orderId);
  if (!order) throw new AppError('NOT_FOUND', '找不到该订单');
  if (order.state !== 'created') throw new AppError('INVALID_STATE', '该订单不在待支付状态');
  const notification = deps.pay.paidNotification({ orderId: order.id, amountFen: order.amountFen, openid: order.openid });
  return deps.payNotify({ action: 'notify', input: notification }, {});
}
