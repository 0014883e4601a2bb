import { imagingClient } from '../adapters/imagingClient';
import type { Main } from '../functions/main';
import type { Imaging } from '../ports/imaging';

/**
 * The Imaging port of the local cloud: calls the `imaging` function's own entry in-process, with a
 * service context (no user), exactly as the CloudBase adapter will call the deployed function.
 */
export function inProcessImaging(imagingMain: Main): Imaging {
  return imagingClient((action, input) => imagingMain({ action, input }, {}));
}
