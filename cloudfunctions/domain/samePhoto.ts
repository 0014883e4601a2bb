/**
 * Same-photo detection on the engine's 64-bit perceptual hashes (16 hex characters). Two photos are the
 * same picture when their hashes differ in at most SAME_PHOTO_MAX_BITS bits. Measured on the fixtures
 * (cloudfunctions/app/samePhoto.test.ts): recompressing or halving a photo moves 0–2 bits, cropping up to
 * 3 % off the sides 2–10; photos of different people differ by 20 bits or more. The hash covers the whole
 * picture, so heavier crops (4–5 % off one corner: up to 20 bits) are not recognised.
 */
export const SAME_PHOTO_MAX_BITS = 12;

export function hashDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  while (x) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}

/** The closest candidate within the limit, or null. */
export function closestSamePhoto<T extends { phash: string }>(phash: string, candidates: readonly T[]): (T & { distance: number }) | null {
  let best: (T & { distance: number }) | null = null;
  for (const candidate of candidates) {
    const distance = hashDistance(phash, candidate.phash);
    if (distance <= SAME_PHOTO_MAX_BITS && (!best || distance < best.distance)) best = { ...candidate, distance };
  }
  return best;
}
