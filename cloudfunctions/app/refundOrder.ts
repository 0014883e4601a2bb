import { AppError } from '../contracts/errors';
import type { ActionOutput } from '../contracts';
import { orderMachine } from '../domain/order';
import type { AppDeps, Caller } from './deps';
import { pushNotification, recordNotification } from './notifications';
import { orderDetail } from './orderDetail';
import { requireRole } from './staffAccess';

/**
 * `ops.refund`: a paid order is refunded in full. The order is claimed (paid → refunded) before the
 * payment platform is asked, so two refunds can never both go out; if the platform refuses, the claim
 * is undone and the error reported.
 */
export async function refundOrder(deps: AppDeps, caller: Caller, input: { orderId: string; reason: string }): Promise<ActionOutput<'ops', 'refund'>> {
  const { db, clock } = deps;
  const user = await requireRole(db, caller, ['ops']);
  const order = await db.collection('orders').get(input.orderId);
  if (!order) throw new AppError('NOT_FOUND', '找不到该订单');
  const now = clock.now();
  const refunded = { state: orderMachine.table.refund.to, refundedAt: now, refundReason: input.reason, updatedAt: now };
  const claimed = await db.transaction(async (tx) => {
    if (!orderMachine.next(order.state, 'refund')) return false;
    if ((await tx.collection('orders').update({ id: order.id, state: order.state }, { set: refunded })) !== 1) return false;
    await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: user.openid, entity: 'order', entityId: order.id, event: 'refund', from: order.state, to: refunded.state, note: input.reason });
    return true;
  });
  if (!claimed) throw new AppError('INVALID_STATE', '只有已支付的订单可以退款');
  try {
    await deps.pay.refund({ orderId: order.id, refundId: deps.ids.next(), amountFen: order.amountFen, reason: input.reason });
  } catch (error) {
    await db.transaction(async (tx) => {
      await tx.collection('orders').update({ id: order.id, state: 'refunded' }, { set: { state: 'paid', updatedAt: clock.now() }, unset: ['refundedAt', 'refundReason'] });
      await tx.collection('audit').insert({ id: deps.ids.next(), at: clock.now(), actor: 'system', entity: 'order', entityId: order.id, event: 'refund_failed', from: 'refunded', to: 'paid' });
    });
    throw error;
  }
  const notice = await db.transaction((tx) =>
    recordNotification(tx, deps, {
      openid: order.openid,
      kind: 'order_refunded',
      title: '退款成功',
      body: `已退款${(order.amountFen / 100).toFixed(2)}元：${input.reason}`,
      enrollmentId: order.enrollmentId,
      entityId: order.id,
    }),
  );
  await pushNotification(deps.notify, notice);
  return { order: await orderDetail(db, { ...order, ...refunded }) };
}
