import { createOpsMain } from '../functions/ops';
import { approvePhoto } from './approvePhoto';
import { createOrder } from './createOrder';
import { receivePayment } from './receivePayment';
import { refundOrder } from './refundOrder';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';

let w: WorkflowWorld;
beforeEach(async () => {
  w = await openWorkflowWorld();
});
afterEach(() => w.close());

/** A paid collection order of a student at a school. */
async function paidOrder() {
  const school = await w.school();
  const { caller, enrollment } = await w.student(await w.batch(school));
  const photo = await w.photo(enrollment);
  await approvePhoto(w.deps, await w.staff('reviewer', school), photo.id);
  const { order } = await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' });
  await receivePayment(w.deps, w.pay.paidNotification({ orderId: order.id, amountFen: order.amountFen, openid: caller.openid }));
  return { school, caller, order };
}

describe('ops.refund', () => {
  it('refunds a paid order in full through the payment platform, once, and tells the student', async () => {
    const { caller, order } = await paidOrder();
    const ops = await w.staff('ops');
    const { order: refunded } = await refundOrder(w.deps, ops, { orderId: order.id, reason: '学生重复缴费' });
    expect(refunded).toMatchObject({ state: 'refunded', refundedAt: w.clock.now() });
    expect(w.pay.refunds).toEqual([{ orderId: order.id, refundId: expect.any(String), amountFen: 2500, reason: '学生重复缴费' }]);
    await expect(refundOrder(w.deps, ops, { orderId: order.id, reason: '再退一次' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(w.pay.refunds).toHaveLength(1);
    expect(await w.db.collection('notifications').count({ openid: caller.openid, kind: 'order_refunded' })).toBe(1);
  });

  it('is refused to students, reviewers and school admins (even of the order’s school), and changes nothing', async () => {
    const { school, caller, order } = await paidOrder();
    for (const who of [caller, await w.staff('reviewer', school), await w.staff('school', school)]) {
      await expect(refundOrder(w.deps, who, { orderId: order.id, reason: '想退款' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await w.db.collection('orders').get(order.id))?.state).toBe('paid');
    expect(w.pay.refunds).toEqual([]);
  });

  it('puts the order back to paid when the payment platform refuses the refund', async () => {
    const { order } = await paidOrder();
    const refuse = jest.spyOn(w.pay, 'refund').mockRejectedValueOnce(new Error('NOTENOUGH'));
    await expect(refundOrder(w.deps, await w.staff('ops'), { orderId: order.id, reason: '测试' })).rejects.toThrow('NOTENOUGH');
    expect(refuse).toHaveBeenCalledTimes(1);
    expect(await w.db.collection('orders').get(order.id)).toMatchObject({ state: 'paid' });
    expect((await w.db.collection('orders').get(order.id))?.refundedAt).toBeUndefined();
  });
});

describe('ops.refund through the ops function', () => {
  it('refuses a caller without a token as UNAUTHENTICATED and a non-ops one as FORBIDDEN, and lets ops refund', async () => {
    const { school, order } = await paidOrder();
    const main = createOpsMain(w.deps);
    const refund = (context: object) => main({ action: 'refund', input: { orderId: order.id, reason: '重复缴费' } }, context);
    expect(await refund({})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await refund({ OPENID: (await w.staff('school', school)).openid })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await w.db.collection('orders').get(order.id))?.state).toBe('paid');
    expect(await refund({ OPENID: (await w.staff('ops')).openid })).toMatchObject({ ok: true, data: { order: { state: 'refunded' } } });
  });
});
