import { z } from 'zod';
import { errorBodySchema } from '../../contracts/errors';
import type { Clock } from '../../ports/clock';
import type { Imaging } from '../../ports/imaging';
import { imagingClient } from '../imagingClient';
import { signServiceToken } from './serviceToken';

export interface FunctionsApi {
  callFunction(options: { name: string; data: unknown }): Promise<{ result?: unknown }>;
}

const replySchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: errorBodySchema })]);

/** The Imaging port on CloudBase: calls the `imaging` function (more memory, its own cold start) as a service. */
export function functionImaging(functions: FunctionsApi, serviceKey: Buffer, clock: Clock): Imaging {
  return imagingClient(async (action, input) => {
    const { result } = await functions.callFunction({
      name: 'imaging',
      data: { action, input, service: signServiceToken(serviceKey, 'imaging', clock.now()) },
    });
    return replySchema.parse(result);
  });
}
