import type { BatchDoc, OrderDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { ActionOutput, ParsedInput } from '../contracts';
import { ORDER_DESCRIPTIONS, ORDER_TIMEOUT_MS, orderAmountFen } from '../domain/pricing';
import type { AppDeps, Caller } from './deps';
import { currentPhoto, photosOf } from './enrollmentPhotos';
import { orderDetail } from './orderDetail';
import { ownEnrollment } from './ownership';

type Input = ParsedInput<'student', 'createOrder'>;

const schoolPays = (batch: BatchDoc | null) => batch !== null && (batch.payer === 'school' || batch.priceFen === 0);

/** What must hold before an order of this kind can be made; throws the reason it cannot. */
async function assertOrderable(deps: AppDeps, input: Input, enrollmentId: string, batch: BatchDoc | null): Promise<void> {
  const photo = currentPhoto(await photosOf(deps.db, enrollmentId));
  if (input.kind === 'collection') {
    if (schoolPays(batch)) throw new AppError('INVALID_STATE', '本批次由学校统一付费，无需缴费');
    if (photo?.state !== 'approved') throw new AppError('INVALID_STATE', '照片审核通过后才能缴费');
    if (!batch && !input.addressId) throw new AppError('INVALID_INPUT', '散拍/补拍的照片将邮寄给您，请填写收件地址');
    const paid = await deps.db.collection('orders').count({ enrollmentId, kind: 'collection', state: { $in: ['paid', 'shipped', 'completed'] } });
    if (paid > 0) throw new AppError('CONFLICT', '采集费用已支付，无需重复缴费');
  } else if (!photo || !['approved', 'processing', 'delivered'].includes(photo.state)) {
    throw new AppError('INVALID_STATE', '照片审核通过后才能加洗');
  }
}

/**
 * `student.createOrder`: the collection fee after approval (student-paid batches and walk-ins) or 加洗
 * (copies mailed to an address). An unpaid collection order of the enrolment is reused rather than
 * doubled; each call signs fresh payment parameters (统一下单). Unpaid orders close after 30 minutes.
 */
export async function createOrder(deps: AppDeps, caller: Caller, input: Input): Promise<ActionOutput<'student', 'createOrder'>> {
  const { db, clock } = deps;
  const enrollment = await ownEnrollment(db, caller, input.enrollmentId);
  const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
  if (input.addressId) {
    const address = await db.collection('addresses').get(input.addressId);
    if (!address || address.openid !== caller.openid) throw new AppError('NOT_FOUND', '找不到该收件地址');
  }
  await assertOrderable(deps, input, enrollment.id, batch);

  const now = clock.now();
  const [open] =
    input.kind === 'collection'
      ? await db.collection('orders').find({ where: { enrollmentId: enrollment.id, kind: 'collection', state: 'created', expiresAt: { $gt: now } }, limit: 1 })
      : [];
  let order: OrderDoc | undefined = open;
  if (!order) {
    order = {
      id: deps.ids.next(),
      openid: caller.openid,
      enrollmentId: enrollment.id,
      kind: input.kind,
      state: 'created',
      amountFen: orderAmountFen(input.kind, batch?.priceFen ?? null, input.copies ?? 1),
      copies: input.kind === 'reprint' ? input.copies : undefined,
      addressId: input.addressId,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + ORDER_TIMEOUT_MS,
    };
    const created = order;
    await db.transaction(async (tx) => {
      await tx.collection('orders').insert(created);
      await tx.collection('audit').insert({ id: deps.ids.next(), at: now, actor: caller.openid, entity: 'order', entityId: created.id, event: 'create', to: 'created', note: `${created.amountFen}分` });
    });
  }
  const payment = await deps.pay.unifiedOrder({
    orderId: order.id,
    amountFen: order.amountFen,
    description: ORDER_DESCRIPTIONS[order.kind],
    openid: caller.openid,
    expiresAt: order.expiresAt ?? now + ORDER_TIMEOUT_MS,
  });
  return { order: await orderDetail(db, order), payment };
}

/** `student.listOrders`: the caller's orders, newest first. */
export async function listOrders(deps: AppDeps, caller: Caller): Promise<ActionOutput<'student', 'listOrders'>> {
  const orders = await deps.db.collection('orders').find({ where: { openid: caller.openid }, orderBy: [['createdAt', 'desc']] });
  return { orders: await Promise.all(orders.map((order) => orderDetail(deps.db, order))) };
}
