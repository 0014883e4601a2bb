import type { AppDeps } from '../../app/deps';
import { refundOrder } from '../../app/refundOrder';
import type { opsPaymentActions } from '../../contracts/payments';
import type { Handlers } from '../main';

/** The `ops` function's payment actions (the use-case checks the ops role). */
export function opsPaymentHandlers(deps: AppDeps): Pick<Handlers<'ops'>, keyof typeof opsPaymentActions> {
  return { refund: (input, caller) => refundOrder(deps, caller, input) };
}
