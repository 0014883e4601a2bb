import type { Clock } from '../../ports/clock';
import type { Jobs } from '../../ports/jobs';
import { signServiceToken } from './serviceToken';

export interface AsyncFunctionsApi {
  callFunction(options: { name: string; data: unknown }, opts?: { timeout?: number }): Promise<unknown>;
}

/** How long the caller waits for the job's own invocation before leaving it running. */
export const HANDOFF_MS = 3000;

/**
 * Jobs on CloudBase: the function invokes itself with `{action: '__job', job}` and a service token. The
 * invocation runs to its own time limit whether or not the caller waits, so the caller waits only long
 * enough to hand it over; a short job that finishes in time is simply done.
 */
export function selfInvokingJobs(functions: AsyncFunctionsApi, fn: string, serviceKey: Buffer, clock: Clock): Jobs {
  return {
    async enqueue(job) {
      try {
        await functions.callFunction({ name: fn, data: { action: '__job', job, service: signServiceToken(serviceKey, fn, clock.now()) } }, { timeout: HANDOFF_MS });
      } catch (error) {
        const text = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : String(error);
        if (/TIMEDOUT|timeout/i.test(text)) return;
        throw error;
      }
    },
  };
}
