import type { OrderDoc, PayEventDoc } from '../contracts/documents';
import { ORDER_STATE_LABELS } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import type { PayNotification } from '../contracts/orders';
import type { ActionOutput } from '../contracts';
import { orderMachine } from '../domain/order';
import type { PaymentNotice } from '../ports/pay';
import type { AppDeps } from './deps';
import { photosOf } from './enrollmentPhotos';
import { pushNotification, recordNotification } from './notifications';
import { processIfSettled } from './startProcessing';

type Reply = ActionOutput<'payNotify', 'notify'>;
type Outcome = { outcome: 'accepted' | 'duplicate'; order: OrderDoc } | { outcome: 'refused'; error: AppError };

const refused = (code: 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INVALID_STATE', message: string): Outcome => ({ outcome: 'refused', error: new AppError(code, message) });
const PAID_OR_LATER = ['paid', 'shipped', 'completed', 'refunded'];

/** Decides on a notification whose signature checked out, and applies it, in one transaction. */
async function apply(deps: AppDeps, notice: PaymentNotice): Promise<Outcome> {
  const { clock } = deps;
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    const order = await tx.collection('orders').get(notice.orderId);
    if (!order) return refused('NOT_FOUND', '支付通知的订单不存在');
    if (notice.amountFen !== order.amountFen) return refused('CONFLICT', `支付金额${notice.amountFen}分与订单金额${order.amountFen}分不符`);
    if (PAID_OR_LATER.includes(order.state) && order.transactionId === notice.transactionId) return { outcome: 'duplicate', order };
    if (!orderMachine.next(order.state, 'pay')) return refused('INVALID_STATE', `订单${ORDER_STATE_LABELS[order.state]}，不能再支付`);
    const now = clock.now();
    const set = { state: orderMachine.table.pay.to, paidAt: now, transactionId: notice.transactionId, updatedAt: now };
    if ((await tx.collection('orders').update({ id: order.id, state: order.state }, { set })) !== 1) return refused('INVALID_STATE', '订单状态已变化');
    await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: 'system', entity: 'order', entityId: order.id, event: 'pay', from: order.state, to: set.state, note: notice.transactionId });
    if (order.kind === 'collection') {
      const approved = (await photosOf(tx, order.enrollmentId)).find((photo) => photo.state === 'approved');
      if (approved) await processIfSettled(tx, deps, approved, '采集费已支付');
    }
    return { outcome: 'accepted', order: { ...order, ...set } };
  });
}

/**
 * `payNotify.notify`: a payment result from WeChat Pay. The signature, then the amount and the order's
 * state are verified; a paid collection fee moves the approved photo to processing. Idempotent: the same
 * transaction again is acknowledged without change. Every notification is logged in `payEvents`;
 * forged or mismatched ones are refused (and WeChat Pay keeps its money on hold for ops to look at).
 */
export async function receivePayment(deps: AppDeps, params: PayNotification): Promise<Reply> {
  const notice = deps.pay.verifyNotification(params);
  const log = (event: Omit<PayEventDoc, 'id' | 'at'>) => deps.db.collection('payEvents').insert({ id: deps.ids.next(), at: deps.clock.now(), ...event });
  if (!notice) {
    await log({ orderId: params.out_trade_no ?? '', transactionId: params.transaction_id, outcome: 'refused', reason: '签名校验失败' });
    console.warn(`[payNotify] refused: bad signature (out_trade_no=${params.out_trade_no ?? '?'})`);
    throw new AppError('FORBIDDEN', '支付通知签名校验失败');
  }
  if (!notice.success) {
    await log({ orderId: notice.orderId, transactionId: notice.transactionId, outcome: 'refused', reason: '支付未成功', amountFen: notice.amountFen });
    return { return_code: 'SUCCESS', return_msg: 'OK' };
  }
  const result = await apply(deps, notice);
  const base = { orderId: notice.orderId, transactionId: notice.transactionId, amountFen: notice.amountFen };
  if (result.outcome === 'refused') {
    await log({ ...base, outcome: 'refused', reason: result.error.message });
    console.warn(`[payNotify] refused ${notice.orderId}: ${result.error.message}`);
    throw result.error;
  }
  await log({ ...base, outcome: result.outcome });
  if (result.outcome === 'accepted') {
    const notice = await deps.db.transaction((tx) =>
      recordNotification(tx, deps, {
        openid: result.order.openid,
        kind: 'order_paid',
        title: '支付成功',
        body: `已支付${(result.order.amountFen / 100).toFixed(2)}元`,
        enrollmentId: result.order.enrollmentId,
        entityId: result.order.id,
      }),
    );
    await pushNotification(deps.notify, notice);
  }
  return { return_code: 'SUCCESS', return_msg: 'OK' };
}
