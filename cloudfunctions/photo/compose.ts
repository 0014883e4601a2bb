/** Compose stage: the solved crop of the matte's foreground and alpha, on the new background colour. */
import type { Geometry } from './geometry';
import type { AlphaImage, Rgb, RgbImage } from './image';
import type { Matte } from './matte';
import { axisTaps } from './pixels';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/**
 * One pass, byte for byte what warpRgb + warpAlpha (bilinear, at pixel centres) and the matte's composite
 * (out = αF + (1−α)·background) give: the crop is a scale and a shift, so each column's and each row's taps are
 * computed once, and the foreground is not sampled where the alpha is 0 (about half the photo is backdrop): the
 * output starts as backdrop, and each row is visited only between the columns that reach its alpha's span.
 */
export function compose(matte: Matte, g: Geometry, background: Rgb): RgbImage {
  const { foreground: fg, alpha } = matte;
  if (fg.width !== alpha.width || fg.height !== alpha.height) {
    throw new Error(`compose: alpha ${alpha.width}×${alpha.height} does not match foreground ${fg.width}×${fg.height}`);
  }
  const { width, height } = g;
  const k = 1 / g.s;
  const sw = fg.width;
  // The coordinates as warp() computes them for the map (k, 0, ox; 0, k, oy), so the taps are the same.
  const xs = new Float64Array(width);
  const shiftX = g.ox - 0.5 + k * 0.5;
  for (let u = 0; u < width; u++) xs[u] = k * u + shiftX;
  const ys = new Float64Array(height);
  for (let v = 0; v < height; v++) ys[v] = k * (v + 0.5) + g.oy - 0.5;
  const cols = axisTaps(xs, sw);
  const rows = axisTaps(ys, fg.height);
  const A = alpha.data;
  const F = fg.data;
  const [br, bg, bb] = background;
  const { index: colIndex, fraction: colFraction, next: colNext } = cols;
  const firsts = new Int32Array(alpha.height).fill(-1);
  const lasts = new Int32Array(alpha.height);
  const out = backdropFilled(width * height, background);
  for (let v = 0; v < height; v++) {
    const y0 = rows.index[v]!;
    const y1 = y0 + rows.next[v]!;
    const row = y0 * sw;
    const fy = rows.fraction[v]!;
    const gy = 1 - fy;
    const down = (y1 - y0) * sw;
    // Only the columns whose taps reach the two source rows' non-transparent span can differ from the backdrop.
    if (firsts[y0]! < 0) findSpan(alpha, y0, firsts, lasts);
    if (firsts[y1]! < 0) findSpan(alpha, y1, firsts, lasts);
    const lo = M.min(firsts[y0]!, firsts[y1]!);
    const hi = M.max(lasts[y0]!, lasts[y1]!);
    let from = 0;
    while (from < width && colIndex[from]! + colNext[from]! < lo) from++;
    let to = width;
    while (to > from && colIndex[to - 1]! > hi) to--;
    for (let u = from, o = (v * width + from) * 3; u < to; u++, o += 3) {
      const fx = colFraction[u]!;
      const right = colNext[u]!;
      const p00 = row + colIndex[u]!;
      const p01 = p00 + right;
      const p10 = p00 + down;
      const p11 = p10 + right;
      const a00 = A[p00]!;
      const a01 = A[p01]!;
      const a10 = A[p10]!;
      const a11 = A[p11]!;
      // Backdrop (all four taps transparent) needs no weights; the products are the same as (1 − fx)(1 − fy) etc.
      if ((a00 | a01 | a10 | a11) === 0) continue;
      const gx = 1 - fx;
      const w00 = gx * gy;
      const w01 = fx * gy;
      const w10 = gx * fy;
      const w11 = fx * fy;
      // All four taps opaque: the weights sum to 1 within rounding, so the alpha rounds to 255 without the sum.
      const al = (a00 & a01 & a10 & a11) === 255 ? 255 : (a00 * w00 + a01 * w01 + a10 * w10 + a11 * w11 + 0.5) | 0;
      if (al === 0) continue;
      const q00 = p00 * 3;
      const q01 = p01 * 3;
      const q10 = p10 * 3;
      const q11 = p11 * 3;
      const r = (F[q00]! * w00 + F[q01]! * w01 + F[q10]! * w10 + F[q11]! * w11 + 0.5) | 0;
      const gr = (F[q00 + 1]! * w00 + F[q01 + 1]! * w01 + F[q10 + 1]! * w10 + F[q11 + 1]! * w11 + 0.5) | 0;
      const b = (F[q00 + 2]! * w00 + F[q01 + 2]! * w01 + F[q10 + 2]! * w10 + F[q11 + 2]! * w11 + 0.5) | 0;
      if (al === 255) {
        // Opaque: r·1 + background·0 rounds to r.
        out[o] = r;
        out[o + 1] = gr;
        out[o + 2] = b;
        continue;
      }
      const a = al / 255;
      out[o] = M.round(r * a + br * (1 - a));
      out[o + 1] = M.round(gr * a + bg * (1 - a));
      out[o + 2] = M.round(b * a + bb * (1 - a));
    }
  }
  return { data: out, width, height };
}

/** `pixels` RGB pixels of the background colour (doubling copies). */
function backdropFilled(pixels: number, background: Rgb): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  if (pixels === 0) return out;
  out.set(background);
  for (let n = 3; n < out.length; n *= 2) out.copyWithin(n, 0, M.min(n, out.length - n));
  return out;
}

/**
 * Row y of the alpha's first and last column with alpha > 0 (first > last when the row is transparent), into
 * `firsts` and `lasts`; compose asks per row when first needed. Only the backdrop at either end of a row is
 * read. A module-level function, not closures made per call: those were compiled again on every photo.
 */
function findSpan(alpha: AlphaImage, y: number, firsts: Int32Array, lasts: Int32Array): void {
  const { data, width } = alpha;
  const row = y * width;
  let first = 0;
  while (first < width && data[row + first] === 0) first++;
  let last = width - 1;
  while (last > first && data[row + last] === 0) last--;
  firsts[y] = first;
  lasts[y] = first < width ? last : -1;
}
