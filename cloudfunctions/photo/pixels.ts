/** Small pixel operations the stages share: resampling under an affine map, resizing, luma. */
import type { AlphaImage, RgbImage } from './image';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/** Maps output pixel (u, v) to source (x, y) = (a·u + b·v + c, d·u + e·v + f). */
export type Affine = { a: number; b: number; c: number; d: number; e: number; f: number };

export function applyAffine(m: Affine, u: number, v: number): { x: number; y: number } {
  return { x: m.a * u + m.b * v + m.c, y: m.d * u + m.e * v + m.f };
}

/**
 * Bilinear sampling of an interleaved image with `channels` bytes per pixel under `m`, at pixel centres.
 * Outside the source the nearest edge pixel is repeated; `outside` (when given) gets which source edge was
 * crossed (1 top, 2 bottom, 4 left, 8 right).
 */
function warp(src: Uint8Array, sw: number, sh: number, channels: 1 | 3, m: Affine, width: number, height: number, outside?: Uint8Array): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  const xMax = sw - 1;
  const yMax = sh - 1;
  const { a: ma, d: md } = m;
  const stride = sw * channels;
  const span = new Int32Array(2);
  const words = new DataView(src.buffer, src.byteOffset, src.byteLength);
  // Hot loop (every region and output pixel): ternaries and `| 0` instead of Math calls (coordinates are ≥ 0
  // after clamping), the neighbours as offsets from the first, and the channels unrolled (a loop over a variable
  // channel count is not unrolled by V8).
  for (let v = 0; v < height; v++) {
    const rowX = m.b * (v + 0.5) + m.c - 0.5 + ma * 0.5;
    const rowY = m.e * (v + 0.5) + m.f - 0.5 + md * 0.5;
    // Most of a row usually maps strictly inside the source: there no clamp, no neighbour at an edge and no
    // outside flag (0, as allocated); only the pixels before and after that span take the general path.
    innerSpan(ma, md, rowX, rowY, width, sw, sh, span);
    const lo = span[0]!;
    const hi = span[1]!;
    let i = v * width;
    let o = i * channels;
    for (let u = 0; u < width; u++, i++, o += channels) {
      if (u === lo && lo < hi) {
        if (channels === 3) warpInnerRgb(words, stride, ma, md, rowX, rowY, v * width, lo, hi, out);
        else warpInnerGrey(src, stride, ma, md, rowX, rowY, v * width, lo, hi, out);
        const skip = hi - 1 - u;
        u += skip;
        i += skip;
        o += skip * channels;
        continue;
      }
      const x = ma * u + rowX;
      const y = md * u + rowY;
      if (outside) outside[i] = (y < -0.5 ? 1 : 0) | (y > sh - 0.5 ? 2 : 0) | (x < -0.5 ? 4 : 0) | (x > sw - 0.5 ? 8 : 0);
      const xc = x < 0 ? 0 : x > xMax ? xMax : x;
      const yc = y < 0 ? 0 : y > yMax ? yMax : y;
      const x0 = xc | 0;
      const y0 = yc | 0;
      const fx = xc - x0;
      const fy = yc - y0;
      const p00 = y0 * stride + x0 * channels;
      if (fy === 0) {
        // On the source's top or bottom row (beyond it, or exactly on a row): the lower taps weigh exactly 0
        // and add +0 to a sum ≥ 0, which changes nothing.
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const p01 = x0 < xMax ? p00 + channels : p00;
        out[o] = (src[p00]! * w00 + src[p01]! * w01 + 0.5) | 0;
        if (channels === 3) {
          out[o + 1] = (src[p00 + 1]! * w00 + src[p01 + 1]! * w01 + 0.5) | 0;
          out[o + 2] = (src[p00 + 2]! * w00 + src[p01 + 2]! * w01 + 0.5) | 0;
        }
        continue;
      }
      // A fraction above 0 means the next pixel on that axis is inside the source: here y0 < yMax.
      const p10 = p00 + stride;
      if (fx === 0) {
        // Likewise on the source's left or right column: the taps to the right weigh exactly 0. Past this, x0 < xMax too.
        const w00 = (1 - fx) * (1 - fy);
        const w10 = (1 - fx) * fy;
        out[o] = (src[p00]! * w00 + src[p10]! * w10 + 0.5) | 0;
        if (channels === 3) {
          out[o + 1] = (src[p00 + 1]! * w00 + src[p10 + 1]! * w10 + 0.5) | 0;
          out[o + 2] = (src[p00 + 2]! * w00 + src[p10 + 2]! * w10 + 0.5) | 0;
        }
        continue;
      }
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p01 = p00 + channels;
      const p11 = p10 + channels;
      out[o] = (src[p00]! * w00 + src[p01]! * w01 + src[p10]! * w10 + src[p11]! * w11 + 0.5) | 0;
      if (channels === 3) {
        out[o + 1] = (src[p00 + 1]! * w00 + src[p01 + 1]! * w01 + src[p10 + 1]! * w10 + src[p11 + 1]! * w11 + 0.5) | 0;
        out[o + 2] = (src[p00 + 2]! * w00 + src[p01 + 2]! * w01 + src[p10 + 2]! * w10 + src[p11 + 2]! * w11 + 0.5) | 0;
      }
    }
  }
  return out;
}

/**
 * Whether the pixel u of a row (source x = ma·u + rowX, y = md·u + rowY, computed as warp() computes them)
 * has all four bilinear neighbours inside the source: 0 ≤ x < sw − 1 and 0 ≤ y < sh − 1. Rounding is monotonic,
 * so along a row x and y only grow or only shrink, and the pixels for which this holds are one span.
 */
function inner(ma: number, md: number, rowX: number, rowY: number, u: number, sw: number, sh: number): boolean {
  const x = ma * u + rowX;
  const y = md * u + rowY;
  return x >= 0 && x < sw - 1 && y >= 0 && y < sh - 1;
}

/** The span of u in [0, width) where one coordinate c = k·u + c0 lies in [0, max), in exact arithmetic (may be empty). */
function spanWithin(k: number, c0: number, max: number, width: number): [number, number] {
  if (k === 0) return c0 >= 0 && c0 < max ? [0, width] : [0, 0];
  const t0 = -c0 / k;
  const t1 = (max - c0) / k;
  return [M.max(0, M.ceil(M.min(t0, t1))), M.min(width, M.floor(M.max(t0, t1)) + 1)];
}

/**
 * The row's inner span into `span` ([from, to), empty when from = to): estimated in exact arithmetic, then
 * settled by testing the rounded coordinates a pixel or two either way.
 */
function innerSpan(ma: number, md: number, rowX: number, rowY: number, width: number, sw: number, sh: number, span: Int32Array): void {
  const [xFrom, xTo] = spanWithin(ma, rowX, sw - 1, width);
  const [yFrom, yTo] = spanWithin(md, rowY, sh - 1, width);
  const from = M.max(xFrom, yFrom);
  const to = M.min(xTo, yTo);
  span[0] = span[1] = 0;
  if (from >= to) return;
  let lo = M.min(from + 1, to - 1);
  while (lo < width && !inner(ma, md, rowX, rowY, lo, sw, sh)) lo++;
  if (lo >= width) return;
  while (lo > 0 && inner(ma, md, rowX, rowY, lo - 1, sw, sh)) lo--;
  let hi = M.min(width, M.max(lo + 1, to - 1));
  while (hi > lo + 1 && !inner(ma, md, rowX, rowY, hi - 1, sw, sh)) hi--;
  while (hi < width && inner(ma, md, rowX, rowY, hi, sw, sh)) hi++;
  span[0] = lo;
  span[1] = hi;
}

/**
 * RGB pixels [from, to) of a row inside the inner span: warp()'s arithmetic without clamps, edge tests or
 * flags. The two neighbours in a source row are read as two unaligned 32-bit words (bytes R G B R′ and
 * B R′ G′ B′, both within the pair), four loads per pixel instead of twelve.
 */
function warpInnerRgb(src: DataView, stride: number, ma: number, md: number, rowX: number, rowY: number, row: number, from: number, to: number, out: Uint8Array): void {
  for (let u = from, o = (row + from) * 3; u < to; u++, o += 3) {
    const x = ma * u + rowX;
    const y = md * u + rowY;
    const x0 = x | 0;
    const y0 = y | 0;
    const fx = x - x0;
    const fy = y - y0;
    const w00 = (1 - fx) * (1 - fy);
    const w01 = fx * (1 - fy);
    const w10 = (1 - fx) * fy;
    const w11 = fx * fy;
    const p00 = y0 * stride + x0 * 3;
    const p10 = p00 + stride;
    const top = src.getUint32(p00, true);
    const topNext = src.getUint32(p00 + 2, true);
    const bottom = src.getUint32(p10, true);
    const bottomNext = src.getUint32(p10 + 2, true);
    out[o] = ((top & 255) * w00 + (top >>> 24) * w01 + (bottom & 255) * w10 + (bottom >>> 24) * w11 + 0.5) | 0;
    out[o + 1] = (((top >> 8) & 255) * w00 + ((topNext >> 16) & 255) * w01 + ((bottom >> 8) & 255) * w10 + ((bottomNext >> 16) & 255) * w11 + 0.5) | 0;
    out[o + 2] = (((top >> 16) & 255) * w00 + (topNext >>> 24) * w01 + ((bottom >> 16) & 255) * w10 + (bottomNext >>> 24) * w11 + 0.5) | 0;
  }
}

/** One-channel pixels [from, to) of a row inside the inner span (as warpInnerRgb). */
function warpInnerGrey(src: Uint8Array, stride: number, ma: number, md: number, rowX: number, rowY: number, row: number, from: number, to: number, out: Uint8Array): void {
  for (let u = from, o = row + from; u < to; u++, o++) {
    const x = ma * u + rowX;
    const y = md * u + rowY;
    const x0 = x | 0;
    const y0 = y | 0;
    const fx = x - x0;
    const fy = y - y0;
    const p00 = y0 * stride + x0;
    const p10 = p00 + stride;
    out[o] = (src[p00]! * ((1 - fx) * (1 - fy)) + src[p00 + 1]! * (fx * (1 - fy)) + src[p10]! * ((1 - fx) * fy) + src[p10 + 1]! * (fx * fy) + 0.5) | 0;
  }
}

/** One axis of a bilinear map that is a scale and a shift: per output index, the first source index, the fraction towards the next and the step to it (0 at the last source index). */
export type AxisTaps = { index: Int32Array; fraction: Float64Array; next: Uint8Array };

/**
 * The taps of output indices whose source coordinates (pixel centres already applied) are `coordinates`, in a
 * source `size` long, clamped at the edges as warp() clamps them. The coordinates come as an array, not as a
 * callback: a closure made per call is a new call target for this loop each time.
 */
export function axisTaps(coordinates: Float64Array, size: number): AxisTaps {
  const n = coordinates.length;
  const index = new Int32Array(n);
  const fraction = new Float64Array(n);
  const next = new Uint8Array(n);
  const max = size - 1;
  for (let i = 0; i < n; i++) {
    const x = coordinates[i]!;
    const c = x < 0 ? 0 : x > max ? max : x;
    const i0 = c | 0;
    index[i] = i0;
    fraction[i] = c - i0;
    next[i] = i0 < max ? 1 : 0;
  }
  return { index, fraction, next };
}

export function warpRgb(src: RgbImage, m: Affine, width: number, height: number): { image: RgbImage; outside: Uint8Array } {
  const outside = new Uint8Array(width * height);
  const data = warp(src.data, src.width, src.height, 3, m, width, height, outside);
  return { image: { data, width, height }, outside };
}

export function warpAlpha(src: AlphaImage, m: Affine, width: number, height: number): AlphaImage {
  return { data: warp(src.data, src.width, src.height, 1, m, width, height), width, height };
}

/** Area-averaging shrink (or bilinear enlarge) to width × height. */
export function resizeRgb(src: RgbImage, width: number, height: number): RgbImage {
  const kx = src.width / width;
  const ky = src.height / height;
  if (kx <= 1 || ky <= 1) return warpRgb(src, { a: kx, b: 0, c: 0, d: 0, e: ky, f: 0 }, width, height).image;
  const out = new Uint8Array(width * height * 3);
  // Each column's box edges once, not per row.
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  for (let u = 0; u < width; u++) {
    x0s[u] = M.floor(u * kx);
    x1s[u] = M.max(x0s[u]! + 1, M.floor((u + 1) * kx));
  }
  for (let v = 0; v < height; v++) {
    const y0 = M.floor(v * ky);
    const y1 = M.max(y0 + 1, M.floor((v + 1) * ky));
    for (let u = 0; u < width; u++) {
      const x0 = x0s[u]!;
      const x1 = x1s[u]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = (y * src.width + x) * 3;
          r += src.data[p]!;
          g += src.data[p + 1]!;
          b += src.data[p + 2]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (v * width + u) * 3;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
  }
  return { data: out, width, height };
}

/** Rec. 601 luma per pixel. */
export function luma(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * image.data[i * 3]! + 0.587 * image.data[i * 3 + 1]! + 0.114 * image.data[i * 3 + 2]!;
  }
  return out;
}
