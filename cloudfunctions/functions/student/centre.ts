import { deleteAddress, listAddresses, saveAddress } from '../../app/addresses';
import { createOrder, listOrders } from '../../app/createOrder';
import type { AppDeps } from '../../app/deps';
import { downloadPhoto } from '../../app/downloadPhoto';
import { emailPhoto } from '../../app/emailPhoto';
import { listErrata, requestErrata } from '../../app/errata';
import { listNotifications, readNotifications } from '../../app/notifications';
import type { Handlers } from '../main';
import type { studentCentreActions } from '../../contracts/studentCentre';

/** The `student` function's orders and personal centre (我的): every record scoped to the caller. */
export function studentCentreHandlers(deps: AppDeps): Pick<Handlers<'student'>, keyof typeof studentCentreActions> {
  return {
    createOrder: (input, caller) => createOrder(deps, caller, input),
    listOrders: (_input, caller) => listOrders(deps, caller),
    saveAddress: (input, caller) => saveAddress(deps, caller, input),
    listAddresses: (_input, caller) => listAddresses(deps, caller),
    deleteAddress: (input, caller) => deleteAddress(deps, caller, input.addressId),
    downloadPhoto: (input, caller) => downloadPhoto(deps, caller, input.enrollmentId),
    emailPhoto: (input, caller) => emailPhoto(deps, caller, input),
    requestErrata: (input, caller) => requestErrata(deps, caller, input),
    listErrata: (_input, caller) => listErrata(deps, caller),
    listNotifications: (input, caller) => listNotifications(deps, caller, input.limit),
    readNotifications: (input, caller) => readNotifications(deps, caller, input.ids),
  };
}
