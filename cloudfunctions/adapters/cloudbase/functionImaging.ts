import { z } from 'zod';
import { AppError, errorBodySchema } from '../../contracts/errors';
import { imagingActions } from '../../contracts/imaging';
import type { Clock } from '../../ports/clock';
import type { Imaging } from '../../ports/imaging';
import { signServiceToken } from './serviceToken';

export interface FunctionsApi {
  callFunction(options: { name: string; data: unknown }): Promise<{ result?: unknown }>;
}

const replySchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: errorBodySchema })]);

/** The Imaging port on CloudBase: calls the `imaging` function (more memory, its own cold start) as a service. */
export function functionImaging(functions: FunctionsApi, serviceKey: Buffer, clock: Clock): Imaging {
  return {
    async process(request) {
      const { result } = await functions.callFunction({
        name: 'imaging',
        data: { action: 'process', input: request, service: signServiceToken(serviceKey, 'imaging', clock.now()) },
      });
      const reply = replySchema.parse(result);
      if (!reply.ok) throw new AppError(reply.error.code, reply.error.message);
      return imagingActions.process.output.parse(reply.data);
    },
  };
}
