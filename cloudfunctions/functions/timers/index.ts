import { closeExpiredOrders } from '../../app/closeExpiredOrders';
import type { AppDeps } from '../../app/deps';
import { markOverdueResubmissions } from '../../app/markOverdueResubmissions';
import { serviceOnly } from '../authenticate';
import { createMain, type Main } from '../main';

/** The `timers` function: periodic work, run by CloudBase timer triggers (an interval locally). */
export function createTimersMain(deps: AppDeps): Main {
  return createMain(
    'timers',
    {
      closeExpiredOrders: () => closeExpiredOrders(deps),
      markOverdueResubmissions: () => markOverdueResubmissions(deps),
    },
    serviceOnly(deps.identity),
  );
}
