/** Free engine checks per enrolment when the batch does not say otherwise (flows.md). */
export const DEFAULT_FREE_CHECKS = 10;

export function checksLeft(enrollment: { freeChecks: number; checksUsed: number }): number {
  return Math.max(0, enrollment.freeChecks - enrollment.checksUsed);
}

/** Wrong last-4-digit attempts per 采集码 before it locks, and for how long. */
export const ENROLL_LOCK = { maxFailures: 5, lockMs: 30 * 60 * 1000 } as const;

export function isLocked(attempt: { lockedUntil?: number | undefined } | null, now: number): boolean {
  return attempt?.lockedUntil !== undefined && attempt.lockedUntil > now;
}

/** Whole minutes until the lock lifts (at least 1 while locked). */
export function minutesUntilUnlock(lockedUntil: number, now: number): number {
  return Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
}
