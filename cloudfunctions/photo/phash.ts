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

/** resizeRgb's box edges for n boxes over `size` pixels: box i is [⌊i·k⌋, ⌊(i+1)·k⌋), k = size/n > 1. */
function boxEdges(size: number, n: number): Int32Array {
  const edges = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) edges[i] = M.floor((i * size) / n);
  return edges;
}

/**
 * resizeRgb(image, 32, 32) for an image larger than 32×32 (its box average, truncated to bytes), in one pass
 * along the rows instead of a pass per box: the same integer sums, so the same bytes.
 */
export function shrinkTo32(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  if (width <= N || height <= N) return resizeRgb(image, N, N);
  const xs = boxEdges(width, N);
  const ys = boxEdges(height, N);
  const sums = new Int32Array(N * N * 3);
  for (let v = 0; v < N; v++) {
    for (let y = ys[v]!; y < ys[v + 1]!; y++) {
      let p = y * width * 3;
      for (let u = 0; u < N; u++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (const end = (y * width + xs[u + 1]!) * 3; p < end; p += 3) {
          r += data[p]!;
          g += data[p + 1]!;
          b += data[p + 2]!;
        }
        const s = (v * N + u) * 3;
        sums[s] = sums[s]! + r;
        sums[s + 1] = sums[s + 1]! + g;
        sums[s + 2] = sums[s + 2]! + b;
      }
    }
  }
  const out = new Uint8Array(N * N * 3);
  for (let v = 0; v < N; v++) {
    for (let u = 0; u < N; u++) {
      const n = (ys[v + 1]! - ys[v]!) * (xs[u + 1]! - xs[u]!);
      for (let c = 0, s = (v * N + u) * 3; c < 3; c++) out[s + c] = sums[s + c]! / n;
    }
  }
  return { data: out, width: N, height: N };
}

export function phash(image: RgbImage): string {
  const g = luma(shrinkTo32(image));
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
