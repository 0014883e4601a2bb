import { wechatPaySign } from '../adapters/wechatPaySign';
import type { PhotoDoc } from '../contracts/documents';
import { createPayNotifyMain } from '../functions/payNotify';
import { createStudentMain } from '../functions/student';
import { approvePhoto } from './approvePhoto';
import { closeExpiredOrders } from './closeExpiredOrders';
import { createOrder } from './createOrder';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';

let w: WorkflowWorld;
beforeEach(async () => {
  w = await openWorkflowWorld();
});
afterEach(() => w.close());

/** A student of a student-paid batch (25 元) whose photo a reviewer approved. */
async function approvedStudent(payer: 'student' | 'school' = 'student') {
  const school = await w.school();
  const batch = await w.batch(school, { payer, priceFen: 2500 });
  const { caller, enrollment } = await w.student(batch);
  const photo = await w.photo(enrollment);
  await approvePhoto(w.deps, await w.staff('reviewer', school), photo.id);
  return { school, batch, caller, enrollment, photo };
}

const photoState = async (photo: PhotoDoc) => (await w.db.collection('photos').get(photo.id))?.state;
const notify = (params: Record<string, string>) => createPayNotifyMain(w.deps)({ action: 'notify', input: params }, {});

describe('student.createOrder', () => {
  it('charges the batch’s price after approval and returns signed wx.requestPayment parameters', async () => {
    const { caller, enrollment } = await approvedStudent();
    const { order, payment } = await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' });
    expect(order).toMatchObject({ kind: 'collection', state: 'created', amountFen: 2500, expiresAt: w.clock.now() + 30 * 60_000 });
    expect(payment).toMatchObject({ package: `prepay_id=sandbox${order.id}`, signType: 'HMAC-SHA256' });
    const { paySign, ...signed } = payment;
    expect(paySign).toBe(wechatPaySign({ appId: 'wxsandbox0000000000', ...signed }, 'test-merchant-key'));
    // Asking again reuses the unpaid order instead of making a second one.
    expect((await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' })).order.id).toBe(order.id);
  });

  it('refuses before approval, for school-paid batches, and for someone else’s enrolment', async () => {
    const school = await w.school();
    const { caller, enrollment } = await w.student(await w.batch(school));
    await w.photo(enrollment);
    await expect(createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const schoolPaid = await approvedStudent('school');
    await expect(createOrder(w.deps, schoolPaid.caller, { enrollmentId: schoolPaid.enrollment.id, kind: 'collection' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(createOrder(w.deps, caller, { enrollmentId: schoolPaid.enrollment.id, kind: 'collection' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await w.db.collection('orders').count()).toBe(0);
  });

  it('prices a reprint by copies and needs the student’s own address (the contract asks for both)', async () => {
    const { caller, enrollment } = await approvedStudent();
    const main = createStudentMain(w.deps);
    const ctx = { OPENID: caller.openid };
    const missing = await main({ action: 'createOrder', input: { enrollmentId: enrollment.id, kind: 'reprint', copies: 2 } }, ctx);
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '加洗需要填写份数和收件地址' } });
    const saved = await main(
      { action: 'saveAddress', input: { name: '张三', phone: '138 0013 8000', province: '湖南省', city: '长沙市', district: '天心区', detail: '韶山南路498号' } },
      ctx,
    );
    const addressId = (saved as { ok: true; data: { address: { id: string } } }).data.address.id;
    const reply = await main({ action: 'createOrder', input: { enrollmentId: enrollment.id, kind: 'reprint', copies: 2, addressId } }, ctx);
    expect(reply).toMatchObject({ ok: true, data: { order: { kind: 'reprint', amountFen: 3000, copies: 2, address: { phone: '13800138000', province: '湖南省' } } } });
  });
});

describe('payNotify', () => {
  it('marks the order paid on a signed notification, moves the approved photo to processing, and is idempotent', async () => {
    const { caller, enrollment, photo } = await approvedStudent();
    const { order } = await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' });
    const notification = w.pay.paidNotification({ orderId: order.id, amountFen: 2500, openid: caller.openid });
    expect(await notify(notification)).toEqual({ ok: true, data: { return_code: 'SUCCESS', return_msg: 'OK' } });
    expect(await notify(notification)).toEqual({ ok: true, data: { return_code: 'SUCCESS', return_msg: 'OK' } });
    expect(await w.db.collection('orders').get(order.id)).toMatchObject({ state: 'paid', transactionId: notification.transaction_id, paidAt: w.clock.now() });
    expect(await photoState(photo)).toBe('processing');
    expect((await w.db.collection('payEvents').find({ orderBy: [['at', 'asc'], ['id', 'asc']] })).map((e) => e.outcome)).toEqual(['accepted', 'duplicate']);
    expect(await w.db.collection('audit').count({ entityId: order.id, event: 'pay' })).toBe(1);
    expect(await w.db.collection('notifications').count({ openid: caller.openid, kind: 'order_paid' })).toBe(1);
  });

  it('refuses and logs forged, mismatched and late notifications, changing nothing', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { caller, enrollment, photo } = await approvedStudent();
    const { order } = await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' });
    const genuine = w.pay.paidNotification({ orderId: order.id, amountFen: 2500, openid: caller.openid });
    const cases: [string, Record<string, string>, string][] = [
      ['an amount changed after signing', { ...genuine, total_fee: '1' }, 'FORBIDDEN'],
      ['signed with another key', { ...genuine, sign: wechatPaySign(genuine, 'not-the-merchant-key') }, 'FORBIDDEN'],
      ['no signature', Object.fromEntries(Object.entries(genuine).filter(([k]) => k !== 'sign')), 'FORBIDDEN'],
      ['a properly signed wrong amount', w.pay.paidNotification({ orderId: order.id, amountFen: 1, openid: caller.openid }), 'CONFLICT'],
      ['an unknown order', w.pay.paidNotification({ orderId: 'no-such-order', amountFen: 2500, openid: caller.openid }), 'NOT_FOUND'],
    ];
    for (const [what, params, code] of cases) {
      const reply = await notify(params);
      expect([what, reply.ok ? 'accepted' : reply.error.code]).toEqual([what, code]);
    }
    expect((await w.db.collection('orders').get(order.id))?.state).toBe('created');
    expect(await photoState(photo)).toBe('approved');
    expect((await w.db.collection('payEvents').find()).map((e) => e.outcome)).toEqual(cases.map(() => 'refused'));
    expect(warn).toHaveBeenCalledTimes(cases.length);

    // Closed for want of payment: a payment that arrives afterwards is refused for ops to refund.
    w.clock.advance(31 * 60_000);
    expect(await closeExpiredOrders(w.deps)).toEqual({ closed: 1 });
    expect(w.pay.closed).toEqual([order.id]);
    expect(await notify(genuine)).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    expect((await w.db.collection('orders').get(order.id))?.state).toBe('closed');
    warn.mockRestore();
  });

  it('refuses a notification that carries a user’s identity: only the payment platform calls payNotify', async () => {
    const { caller, enrollment } = await approvedStudent();
    const { order } = await createOrder(w.deps, caller, { enrollmentId: enrollment.id, kind: 'collection' });
    const reply = await createPayNotifyMain(w.deps)(
      { action: 'notify', input: w.pay.paidNotification({ orderId: order.id, amountFen: 2500, openid: caller.openid }) },
      { OPENID: caller.openid },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await w.db.collection('orders').get(order.id))?.state).toBe('created');
  });
});

describe('closing unpaid orders', () => {
  it('closes only orders past their time and leaves paid ones alone', async () => {
    const first = await approvedStudent();
    const { order: late } = await createOrder(w.deps, first.caller, { enrollmentId: first.enrollment.id, kind: 'collection' });
    w.clock.advance(20 * 60_000);
    const second = await approvedStudent();
    const { order: recent } = await createOrder(w.deps, second.caller, { enrollmentId: second.enrollment.id, kind: 'collection' });
    w.clock.advance(11 * 60_000);
    expect(await closeExpiredOrders(w.deps)).toEqual({ closed: 1 });
    expect((await w.db.collection('orders').get(late.id))?.state).toBe('closed');
    expect((await w.db.collection('orders').get(recent.id))?.state).toBe('created');
    // A closed order does not block paying: a new order is made.
    const again = await createOrder(w.deps, first.caller, { enrollmentId: first.enrollment.id, kind: 'collection' });
    expect(again.order.id).not.toBe(late.id);
  });
});
