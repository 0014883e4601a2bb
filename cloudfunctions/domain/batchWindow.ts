/** Where a batch's collection window stands at `now` (epoch ms); the end is exclusive. */
export type WindowPhase = 'not_started' | 'open' | 'closed';

export function windowPhase(window: { startsAt: number; endsAt: number }, now: number): WindowPhase {
  if (now < window.startsAt) return 'not_started';
  if (now >= window.endsAt) return 'closed';
  return 'open';
}

export const WINDOW_MESSAGES: Record<Exclude<WindowPhase, 'open'>, string> = {
  not_started: '该批次尚未开始采集',
  closed: '该批次已结束采集',
};
