import type { Main } from '../functions/main';

/** The local cloud's timers: closes unpaid orders and marks overdue resubmissions every minute. */
export function startTimers(timers: Main, everyMs = 60_000): () => void {
  const run = async () => {
    for (const action of ['closeExpiredOrders', 'markOverdueResubmissions']) {
      const reply = await timers({ action, input: {} }, {});
      if (!reply.ok) console.error(`[timers.${action}]`, reply.error.message);
    }
  };
  const handle = setInterval(() => void run(), everyMs);
  handle.unref();
  return () => clearInterval(handle);
}
