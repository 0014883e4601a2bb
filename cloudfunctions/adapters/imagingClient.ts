import { AppError } from '../contracts/errors';
import type { Envelope } from '../contracts/envelope';
import { imagingActions } from '../contracts/imaging';
import type { Imaging } from '../ports/imaging';

export type ImagingAction = keyof typeof imagingActions;

/** Delivers one action to the `imaging` function (in-process, sibling bundle or CloudBase call) and returns its reply. */
export type ImagingTransport = (action: ImagingAction, input: unknown) => Promise<Envelope<unknown>>;

/**
 * The Imaging port over any transport to the `imaging` function: an error envelope becomes the same
 * AppError again, and a reply is parsed by the action's output contract.
 */
export function imagingClient(send: ImagingTransport): Imaging {
  const data = async (action: ImagingAction, input: unknown): Promise<unknown> => {
    const reply = await send(action, input);
    if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
    return reply.data;
  };
  return {
    process: async (request) => imagingActions.process.output.parse(await data('process', request)),
    remake: async (request) => imagingActions.remake.output.parse(await data('remake', request)),
  };
}
