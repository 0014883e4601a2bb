import { hammingDistance } from '../photo/phash';
import type { PhotoReport } from '../contracts/report';
import { orderAmountFen, REPRINT_PRICE_FEN, WALK_IN_PRICE_FEN } from './pricing';
import { isReviewOverdue, resubmitDeadline, reviewFlags } from './review';
import { closestSamePhoto, hashDistance, SAME_PHOTO_MAX_BITS } from './samePhoto';

const HOUR = 3600_000;

describe('the review promise and the resubmission deadline', () => {
  it('is overdue only after the batch’s hours (48 by default)', () => {
    expect(isReviewOverdue(0, undefined, 48 * HOUR)).toBe(false);
    expect(isReviewOverdue(0, undefined, 48 * HOUR + 1)).toBe(true);
    expect(isReviewOverdue(0, 24, 24 * HOUR + 1)).toBe(true);
  });
  it('gives a rejected student the batch’s hours to resubmit', () => {
    expect(resubmitDeadline(1000, undefined)).toBe(1000 + 48 * HOUR);
    expect(resubmitDeadline(1000, 72)).toBe(1000 + 72 * HOUR);
  });
});

describe('automatic flags', () => {
  const report = (statuses: ('pass' | 'warn' | 'fail')[]): PhotoReport => ({
    verdict: 'pass',
    checks: statuses.map((status, i) => ({ code: i ? 'HEAD_YAW' : 'BLUR', status, value: 1, limit: 1, message: `检查${i}` })),
    face: { count: 1, faceWidthPx: 300, rollDeg: 0, yawDeg: 0, pitchDeg: 0 },
    phash: '0000000000000000',
    timingMs: { total: 1 },
  });
  it('are the engine’s warnings, with DUPLICATE first when the photo matches another student’s', () => {
    expect(reviewFlags(report(['pass', 'pass']), null)).toEqual([]);
    expect(reviewFlags(report(['pass', 'warn']), 'p1').map((flag) => [flag.code, flag.photoId])).toEqual([
      ['DUPLICATE', 'p1'],
      ['HEAD_YAW', undefined],
    ]);
  });
});

describe('perceptual-hash distance', () => {
  it('counts differing bits as the engine does', () => {
    for (const [a, b] of [
      ['fda0275c3283879e', 'a8f52346b3d2c68e'],
      ['ffffffffffffffff', '0000000000000000'],
      ['8f3c00ff12345678', '8f3c00ff12345679'],
    ] as const) {
      expect(hashDistance(a, b)).toBe(hammingDistance(a, b));
    }
    expect(hashDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
  });
  it('takes the closest candidate within the limit, or none', () => {
    const near = { id: 'near', phash: '000000000000000f' };
    const nearer = { id: 'nearer', phash: '0000000000000001' };
    const far = { id: 'far', phash: '0000000000001fff' };
    expect(closestSamePhoto('0000000000000000', [near, far, nearer])).toEqual({ ...nearer, distance: 1 });
    expect(hashDistance('0000000000000000', far.phash)).toBe(SAME_PHOTO_MAX_BITS + 1);
    expect(closestSamePhoto('0000000000000000', [far])).toBeNull();
  });
});

describe('prices in fen', () => {
  it('charge the batch’s price for collection (the walk-in price without a batch) and copies × price for reprints', () => {
    expect(orderAmountFen('collection', 2500, 1)).toBe(2500);
    expect(orderAmountFen('collection', null, 1)).toBe(WALK_IN_PRICE_FEN);
    expect(orderAmountFen('reprint', 2500, 3)).toBe(3 * REPRINT_PRICE_FEN);
  });
});
