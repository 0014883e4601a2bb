/**
 * 64-bit perceptual hash (the classic DCT pHash): 32×32 grey image, 2-D DCT, the 8×8 lowest frequencies
 * compared with their median. The backend compares hashes by Hamming distance for its DUPLICATE check.
 */
import type { RgbImage } from './image';
import { luma, resizeRgb } from './pixels';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

const N = 32;
const COS = Array.from({ length: 8 }, (_, k) => Array.from({ length: N }, (_, n) => M.cos(((2 * n + 1) * k * M.PI) / (2 * N))));

export function phash(image: RgbImage): string {
  const g = luma(resizeRgb(image, N, N));
  const coeffs: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < N; y++) {
        const cy = COS[u]![y]!;
        for (let x = 0; x < N; x++) s += g[y * N + x]! * cy * COS[v]![x]!;
      }
      coeffs.push(s);
    }
  }
  const median = [...coeffs.slice(1)].sort((a, b) => a - b)[31]!;
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4; j++) nibble = (nibble << 1) | (coeffs[i + j]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < M.min(a.length, b.length); i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
