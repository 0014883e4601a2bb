import type { AddressDoc, OrderDoc } from '../contracts/documents';
import type { AddressView, OrderDetailView } from '../contracts/studentCentre';
import type { Db } from '../ports/db';
import { orderView } from './views';

export function addressView(address: AddressDoc): AddressView {
  const { id, name, phone, province, city, district, detail, isDefault } = address;
  return { id, name, phone, province, city, district, detail, isDefault };
}

/** An order with what the student sees of it: copies, the mailing address, when it closes, was paid or refunded. */
export async function orderDetail(db: Db, order: OrderDoc): Promise<OrderDetailView> {
  const address = order.addressId ? await db.collection('addresses').get(order.addressId) : null;
  return {
    ...orderView(order),
    enrollmentId: order.enrollmentId,
    copies: order.copies,
    address: address ? addressView(address) : undefined,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    refundedAt: order.refundedAt,
  };
}
