import { orderMachine } from '../domain/order';
import type { AppDeps } from './deps';

/**
 * `timers.closeExpiredOrders`: unpaid orders past their time are closed, first with the payment
 * platform (so no payment can land on them afterwards), then here by a conditional update — an order
 * paid in the meantime stays paid.
 */
export async function closeExpiredOrders(deps: AppDeps): Promise<{ closed: number }> {
  const { db, clock } = deps;
  const now = clock.now();
  const expired = await db.collection('orders').find({ where: { state: { $in: [...orderMachine.table.close.from] }, expiresAt: { $lte: now } }, orderBy: [['expiresAt', 'asc']], limit: 500 });
  let closed = 0;
  for (const order of expired) {
    await deps.pay.closeOrder(order.id);
    closed += await db.transaction(async (tx) => {
      const changed = await tx.collection('orders').update({ id: order.id, state: order.state }, { set: { state: orderMachine.table.close.to, updatedAt: now } });
      if (changed === 1) {
        await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: 'system', entity: 'order', entityId: order.id, event: 'close', from: order.state, to: orderMachine.table.close.to, note: '超时未支付' });
      }
      return changed;
    });
  }
  return { closed };
}
