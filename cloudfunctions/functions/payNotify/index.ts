import type { AppDeps } from '../../app/deps';
import { receivePayment } from '../../app/receivePayment';
import { serviceOnly } from '../authenticate';
import { createMain, type Main } from '../main';

/**
 * The `payNotify` function: WeChat Pay's payment results. Its caller is the payment platform, never a
 * user (a call carrying a user's identity is refused); what authenticates a notification is its signature.
 */
export function createPayNotifyMain(deps: AppDeps): Main {
  return createMain('payNotify', { notify: (input) => receivePayment(deps, input) }, serviceOnly(deps.identity));
}
