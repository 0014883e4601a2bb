import { BATCH_CODE_ALPHABET, batchCodeFromBytes, normalizeBatchCode } from './batchCode';
import { windowPhase } from './batchWindow';
import { checksLeft, ENROLL_LOCK, isLocked, minutesUntilUnlock } from './quota';

describe('the batch 特征码', () => {
  it('has no look-alike characters', () => {
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(BATCH_CODE_ALPHABET).not.toContain(ambiguous);
  });
  it('is case-insensitive and trimmed', () => {
    expect(normalizeBatchCode(' j9vg24 ')).toBe('J9VG24');
  });
  it('refuses wrong lengths and ambiguous characters', () => {
    expect(normalizeBatchCode('J9VG2')).toBeNull();
    expect(normalizeBatchCode('J9VGO4')).toBeNull();
    expect(normalizeBatchCode('J1VG24')).toBeNull();
  });
  it('is generated from random bytes inside the alphabet', () => {
    const code = batchCodeFromBytes(Uint8Array.from([0, 30, 31, 255, 100, 7]));
    expect(code).toHaveLength(6);
    expect(normalizeBatchCode(code)).toBe(code);
  });
});

describe('the batch window', () => {
  const window = { startsAt: 1000, endsAt: 2000 };
  it('is not started before, open from the start, closed from the end', () => {
    expect(windowPhase(window, 999)).toBe('not_started');
    expect(windowPhase(window, 1000)).toBe('open');
    expect(windowPhase(window, 1999)).toBe('open');
    expect(windowPhase(window, 2000)).toBe('closed');
  });
});

describe('quotas', () => {
  it('counts the free checks left, never below zero', () => {
    expect(checksLeft({ freeChecks: 10, checksUsed: 3 })).toBe(7);
    expect(checksLeft({ freeChecks: 10, checksUsed: 12 })).toBe(0);
  });
  it('locks for 30 minutes after 5 wrong tries', () => {
    expect(ENROLL_LOCK).toEqual({ maxFailures: 5, lockMs: 1_800_000 });
    expect(isLocked({ lockedUntil: 5000 }, 4999)).toBe(true);
    expect(isLocked({ lockedUntil: 5000 }, 5000)).toBe(false);
    expect(isLocked(null, 0)).toBe(false);
    expect(minutesUntilUnlock(1_800_000, 0)).toBe(30);
    expect(minutesUntilUnlock(1000, 999)).toBe(1);
  });
});
