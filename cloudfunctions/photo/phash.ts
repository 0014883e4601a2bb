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

/** The words below are read as little-endian (x86, ARM); elsewhere the shrink stays byte by byte. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Per 16-bit lane, 256 sums of bytes fit (256 · 255 < 65536): four pixels per group, so 1024 px per flush. */
const GROUPS_PER_FLUSH = 256;
const EVEN_BYTES = 0xff00ff;

/**
 * resizeRgb(image, 32, 32) for an image larger than 32×32 (its box average, truncated to bytes), in one pass
 * along the rows instead of a pass per box: the same integer sums, so the same bytes. Inside a box's row
 * segment, four pixels (three aligned 32-bit words) are summed at a time, bytes 0/2 and 1/3 of each word
 * into 16-bit lanes of six sums (about half the time of byte-wise sums), then sorted into R, G and B.
 */
export function shrinkTo32(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  if (width <= N || height <= N) return resizeRgb(image, N, N);
  const xs = boxEdges(width, N);
  const ys = boxEdges(height, N);
  const sums = new Int32Array(N * N * 3);
  // Byte p of data is byte (p + off) & 3 of word (p + off) >> 2.
  const off = data.byteOffset & 3;
  const words = new Uint32Array(data.buffer, data.byteOffset - off, (off + data.length) >> 2);
  const wordsFrom = LITTLE_ENDIAN ? 0 : Infinity;
  for (let v = 0; v < N; v++) {
    for (let y = ys[v]!; y < ys[v + 1]!; y++) {
      let p = y * width * 3;
      for (let u = 0; u < N; u++) {
        let r = 0;
        let g = 0;
        let b = 0;
        const end = (y * width + xs[u + 1]!) * 3;
        // Byte by byte up to a pixel that starts a word (one of any four in a row)...
        while (p < end && (((p + off) & 3) !== 0 || p < wordsFrom)) {
          r += data[p]!;
          g += data[p + 1]!;
          b += data[p + 2]!;
          p += 3;
        }
        // ...then words [R0 G0 B0 R1] [G1 B1 R2 G2] [B2 R3 G3 B3], low byte first.
        while (p + 12 <= end) {
          let e0 = 0;
          let o0 = 0;
          let e1 = 0;
          let o1 = 0;
          let e2 = 0;
          let o2 = 0;
          const stop = p + 12 * GROUPS_PER_FLUSH < end ? p + 12 * GROUPS_PER_FLUSH : end;
          for (let w = (p + off) >> 2; p + 12 <= stop; p += 12, w += 3) {
            const a = words[w]!;
            const c = words[w + 1]!;
            const d = words[w + 2]!;
            e0 += a & EVEN_BYTES;
            o0 += (a >>> 8) & EVEN_BYTES;
            e1 += c & EVEN_BYTES;
            o1 += (c >>> 8) & EVEN_BYTES;
            e2 += d & EVEN_BYTES;
            o2 += (d >>> 8) & EVEN_BYTES;
          }
          r += (e0 & 0xffff) + (o0 >>> 16) + (e1 >>> 16) + (o2 & 0xffff);
          g += (o0 & 0xffff) + (e1 & 0xffff) + (o1 >>> 16) + (e2 >>> 16);
          b += (e0 >>> 16) + (o1 & 0xffff) + (e2 & 0xffff) + (o2 >>> 16);
        }
        for (; p < end; p += 3) {
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

/** Sort order of numbers (one function, not a closure per call). */
function ascending(a: number, b: number): number {
  return a - b;
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
  const median = [...coeffs.slice(1)].sort(ascending)[31]!;
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
