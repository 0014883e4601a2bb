import type { AddressDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AddressInput, AddressView } from '../contracts/studentCentre';
import type { AppDeps, Caller } from './deps';
import { addressView } from './orderDetail';

/** A student may keep this many addresses. */
export const MAX_ADDRESSES = 20;

async function ownAddress(deps: AppDeps, caller: Caller, addressId: string): Promise<AddressDoc> {
  const address = await deps.db.collection('addresses').get(addressId);
  if (!address || address.openid !== caller.openid) throw new AppError('NOT_FOUND', '找不到该收件地址');
  return address;
}

/** `student.saveAddress`: adds or changes an address (phone and province validated by the contract); one default at most. */
export async function saveAddress(deps: AppDeps, caller: Caller, input: AddressInput): Promise<{ address: AddressView }> {
  const { db, clock } = deps;
  const now = clock.now();
  const existing = input.id ? await ownAddress(deps, caller, input.id) : null;
  const { id: _id, ...fields } = input;
  const address: AddressDoc = existing
    ? { ...existing, ...fields, updatedAt: now }
    : { id: deps.ids.next(), openid: caller.openid, ...fields, createdAt: now, updatedAt: now };
  await db.transaction(async (tx) => {
    const addresses = tx.collection('addresses');
    if (!existing && (await addresses.count({ openid: caller.openid })) >= MAX_ADDRESSES) {
      throw new AppError('QUOTA_EXCEEDED', `最多保存${MAX_ADDRESSES}个收件地址`);
    }
    const first = !existing && (await addresses.count({ openid: caller.openid })) === 0;
    address.isDefault = address.isDefault || first;
    if (address.isDefault) await addresses.update({ openid: caller.openid, isDefault: true }, { set: { isDefault: false } });
    if (existing) await addresses.update({ id: address.id }, { set: address });
    else await addresses.insert(address);
  });
  return { address: addressView(address) };
}

/** `student.listAddresses`: the default first, then the newest. */
export async function listAddresses(deps: AppDeps, caller: Caller): Promise<{ addresses: AddressView[] }> {
  const docs = await deps.db.collection('addresses').find({ where: { openid: caller.openid }, orderBy: [['isDefault', 'desc'], ['updatedAt', 'desc']] });
  return { addresses: docs.map(addressView) };
}

/** `student.deleteAddress`: orders keep their own copy of nothing but the id, so an address used by an order stays. */
export async function deleteAddress(deps: AppDeps, caller: Caller, addressId: string): Promise<{ deleted: boolean }> {
  await ownAddress(deps, caller, addressId);
  const used = await deps.db.collection('orders').count({ addressId, state: { $in: ['created', 'paid', 'shipped'] } });
  if (used > 0) throw new AppError('INVALID_STATE', '该地址有未完成的订单，暂不能删除');
  return { deleted: (await deps.db.collection('addresses').remove({ id: addressId, openid: caller.openid })) === 1 };
}
