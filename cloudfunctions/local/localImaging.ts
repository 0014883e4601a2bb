import { AppError } from '../contracts/errors';
import { imagingActions } from '../contracts/imaging';
import type { Main } from '../functions/main';
import type { Imaging } from '../ports/imaging';

/**
 * The Imaging port of the local cloud: calls the `imaging` function's own entry in-process, with a
 * service context (no user), exactly as the CloudBase adapter will call the deployed function.
 */
export function inProcessImaging(imagingMain: Main): Imaging {
  return {
    async process(request) {
      const reply = await imagingMain({ action: 'process', input: request }, {});
      if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
      return imagingActions.process.output.parse(reply.data);
    },
  };
}
