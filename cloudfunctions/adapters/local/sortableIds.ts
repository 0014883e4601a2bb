import { randomBytes } from 'node:crypto';
import type { Ids } from '../../ports/ids';

/**
 * Ids that sort by creation time within a process: 9 base-36 chars of milliseconds, a 4-char counter
 * for ids made in the same millisecond, then 8 random hex chars so ids are not guessable.
 */
export function sortableIds(now: () => number = Date.now): Ids {
  let lastMs = 0;
  let counter = 0;
  return {
    next() {
      const ms = Math.max(now(), lastMs);
      counter = ms === lastMs ? counter + 1 : 0;
      lastMs = ms;
      return ms.toString(36).padStart(9, '0') + counter.toString(36).padStart(4, '0') + randomBytes(4).toString('hex');
    },
  };
}
