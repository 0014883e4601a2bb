import { AppError } from '../contracts/errors';

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

/** Photos are checked, remade and submitted only while the batch collects (a walk-in has no batch). */
export function assertBatchOpen(batch: { startsAt: number; endsAt: number } | null, now: number): void {
  if (!batch) return;
  const phase = windowPhase(batch, now);
  if (phase !== 'open') throw new AppError('BATCH_CLOSED', WINDOW_MESSAGES[phase]);
}
