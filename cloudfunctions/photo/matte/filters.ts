import { scratchF32 } from './scratch';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { ceil, floor, fround, max, min } = Math;

/**
 * Small, allocation-light raster helpers for the matte: everything is O(pixels) with typed arrays so
 * the refinement stays within its time budget at about 1 MP on one core.
 */

/** Mean over a (2r+1)² window, clamped at the borders (divides by the pixels actually inside); `out` may not be `src`. */
export function boxMean(src: Float32Array, width: number, height: number, r: number, out: Float32Array): Float32Array {
  const tmp = scratchF32('boxMean.tmp', src.length);
  // Pixels of the window per column, clamped at the borders.
  const across = new Float64Array(width);
  for (let x = 0; x < width; x++) across[x] = min(width - 1, x + r) - max(0, x - r) + 1;
  // Horizontal pass with a running sum.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    const first = min(r, width - 1);
    for (let x = 0; x <= first; x++) sum += src[row + x]!;
    for (let x = 0; x < width; x++) {
      tmp[row + x] = sum / across[x]!;
      if (x + r + 1 < width) sum += src[row + x + r + 1]!;
      if (x - r >= 0) sum -= src[row + x - r]!;
    }
  }
  // Vertical pass, column sums kept for the whole row at once (cache friendly): each row is written, then
  // the row entering the window added and the one leaving it taken away, in one sweep.
  const colSum = new Float64Array(width);
  const firstRow = min(r, height - 1);
  for (let y = 0; y <= firstRow; y++) for (let x = 0; x < width; x++) colSum[x]! += tmp[y * width + x]!;
  for (let y = 0; y < height; y++) {
    const lo = max(0, y - r);
    const hi = min(height - 1, y + r);
    const inv = 1 / (hi - lo + 1);
    const row = y * width;
    const add = y + r + 1 < height ? (y + r + 1) * width : -1;
    const sub = y - r >= 0 ? (y - r) * width : -1;
    if (add >= 0 && sub >= 0) {
      for (let x = 0; x < width; x++) {
        let c = colSum[x]!;
        out[row + x] = c * inv;
        c += tmp[add + x]!;
        c -= tmp[sub + x]!;
        colSum[x] = c;
      }
    } else {
      for (let x = 0; x < width; x++) out[row + x] = colSum[x]! * inv;
      if (add >= 0) for (let x = 0; x < width; x++) colSum[x]! += tmp[add + x]!;
      if (sub >= 0) for (let x = 0; x < width; x++) colSum[x]! -= tmp[sub + x]!;
    }
  }
  return out;
}

/** Area-averaging resize of interleaved 8-bit RGB to planar-free interleaved floats in 0..1 (model input). */
export function downsampleRgb(data: Uint8Array, width: number, height: number, tw: number, th: number): Float32Array {
  const out = new Float32Array(tw * th * 3);
  const sx = width / tw;
  const sy = height / th;
  for (let ty = 0; ty < th; ty++) {
    const y0 = floor(ty * sy);
    const y1 = max(y0 + 1, min(height, floor((ty + 1) * sy)));
    for (let tx = 0; tx < tw; tx++) {
      const x0 = floor(tx * sx);
      const x1 = max(x0 + 1, min(width, floor((tx + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let y = y0; y < y1; y++) {
        let i = (y * width + x0) * 3;
        for (let x = x0; x < x1; x++, i += 3) {
          r += data[i]!;
          g += data[i + 1]!;
          b += data[i + 2]!;
        }
      }
      const k = 1 / (255 * (y1 - y0) * (x1 - x0));
      const o = (ty * tw + tx) * 3;
      out[o] = r * k;
      out[o + 1] = g * k;
      out[o + 2] = b * k;
    }
  }
  return out;
}

/**
 * Some pixels of an image: `mask` is 1 at them, and `runs` holds them all, as [from, to) pixel index pairs in
 * increasing order, each within one row (the mask may be 0 at some pixels of a run). Passes over a thin
 * band look at its runs instead of every pixel.
 */
export type PixelSet = { mask: Uint8Array; runs: Int32Array };

/**
 * Bilinear resize of a `channels`-interleaved float grid (pixel centres aligned), used for upsampling.
 * `scale` overrides the source-per-target step, for grids whose cells overhang the image; with `only`,
 * only its target pixels are written (the rest left as they were).
 */
export function resizeBilinear(
  src: Float32Array,
  sw: number,
  sh: number,
  tw: number,
  th: number,
  channels = 1,
  scale?: number,
  out: Float32Array = new Float32Array(tw * th * channels),
  only?: PixelSet,
): Float32Array {
  const fy = scale ?? sh / th;
  const taps = columnTaps(sw, tw, scale ?? sw / tw, channels);
  const { x0s, x1s, wxs } = taps;
  if (!only) return resizeRows(src, sw, sh, tw, th, channels, fy, taps, out);
  // Where only some target pixels are wanted, a column's horizontal blends (the upper one and the step to
  // the lower, as resizeRows keeps them) are computed when first needed under the current pair of source
  // rows, and kept for the other target rows between them.
  const top = new Float64Array(tw * channels);
  const step = new Float64Array(tw * channels);
  const pairOf = new Int32Array(tw).fill(-1);
  const { mask, runs } = only;
  let y = -1;
  let y0 = 0;
  let wy = 0;
  let r0 = 0;
  let r1 = 0;
  let row = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const from = runs[r]!;
    const to = runs[r + 1]!;
    if (((from / tw) | 0) !== y) {
      y = (from / tw) | 0;
      const syf = min(max((y + 0.5) * fy - 0.5, 0), sh - 1);
      y0 = floor(syf);
      wy = syf - y0;
      r0 = y0 * sw * channels;
      r1 = min(y0 + 1, sh - 1) * sw * channels;
      row = y * tw;
    }
    for (let p = from; p < to; p++) {
      const x = p - row;
      if (!mask[p] || pairOf[x] === y0) continue;
      pairOf[x] = y0;
      const wx = wxs[x]!;
      for (let c = 0, a = x0s[x]!, b = x1s[x]!, t = x * channels; c < channels; c++, a++, b++, t++) {
        const v = src[r0 + a]! + (src[r0 + b]! - src[r0 + a]!) * wx;
        top[t] = v;
        step[t] = src[r1 + a]! + (src[r1 + b]! - src[r1 + a]!) * wx - v;
      }
    }
    // Unrolled for the channel counts the matte uses.
    const t0 = (from - row) * channels;
    if (channels === 1) {
      for (let p = from, t = t0; p < to; p++, t++) if (mask[p]) out[p] = top[t]! + step[t]! * wy;
    } else if (channels === 2) {
      for (let p = from, t = t0, o = from * 2; p < to; p++, t += 2, o += 2) {
        if (!mask[p]) continue;
        out[o] = top[t]! + step[t]! * wy;
        out[o + 1] = top[t + 1]! + step[t + 1]! * wy;
      }
    } else if (channels === 3) {
      for (let p = from, t = t0, o = from * 3; p < to; p++, t += 3, o += 3) {
        if (!mask[p]) continue;
        out[o] = top[t]! + step[t]! * wy;
        out[o + 1] = top[t + 1]! + step[t + 1]! * wy;
        out[o + 2] = top[t + 2]! + step[t + 2]! * wy;
      }
    } else {
      for (let p = from, t = t0, o = from * channels; p < to; p++, t += channels, o += channels) {
        if (mask[p]) for (let c = 0; c < channels; c++) out[o + c] = top[t + c]! + step[t + c]! * wy;
      }
    }
  }
  return out;
}

/**
 * resizeBilinear everywhere: the horizontal blends of a pair of source rows are the same for every target
 * row between them, so they are computed once per pair, with the step from the upper to the lower one:
 * each target value is then one multiply-add (the same arithmetic, so the same result).
 */
function resizeRows(src: Float32Array, sw: number, sh: number, tw: number, th: number, channels: number, fy: number, taps: ColumnTaps, out: Float32Array, alpha8?: Uint8Array): Float32Array {
  const span = tw * channels;
  const top = new Float64Array(span);
  const step = new Float64Array(span);
  let pair = -1;
  for (let y = 0; y < th; y++) {
    const syf = min(max((y + 0.5) * fy - 0.5, 0), sh - 1);
    const y0 = floor(syf);
    const wy = syf - y0;
    if (y0 !== pair) {
      pair = y0;
      blendRowPair(src, y0 * sw * channels, min(y0 + 1, sh - 1) * sw * channels, taps, channels, top, step);
    }
    const base = y * span;
    if (alpha8) {
      for (let o = 0, i = base; o < span; o++, i++) {
        // The alpha is made from the value as stored (float32), not from the double computed.
        const v = fround(top[o]! + step[o]! * wy);
        out[i] = v;
        alpha8[i] = (v * 255 + 0.5) | 0;
      }
    } else {
      for (let o = 0; o < span; o++) out[base + o] = top[o]! + step[o]! * wy;
    }
  }
  return out;
}

/**
 * resizeBilinear of a one-channel grid (no `scale`, every pixel) into `out`, and in the same pass each value as
 * stored (float32) ×255 rounded into `alpha8`: a probability map and its 8-bit alpha without reading the map again.
 */
export function resizeBilinearWithAlpha(src: Float32Array, sw: number, sh: number, tw: number, th: number, out: Float32Array, alpha8: Uint8Array): void {
  resizeRows(src, sw, sh, tw, th, 1, sh / th, columnTaps(sw, tw, sw / tw), out, alpha8);
}

/** Per target column of a bilinear resize (pixel centres aligned): the offsets of its two source columns (in values, `channels` a pixel) and the weight of the second. */
type ColumnTaps = { x0s: Int32Array; x1s: Int32Array; wxs: Float32Array };

/** The column taps of a resize from `sw` to `tw` columns, `fx` source columns per target column. */
function columnTaps(sw: number, tw: number, fx: number, channels = 1): ColumnTaps {
  const x0s = new Int32Array(tw);
  const x1s = new Int32Array(tw);
  const wxs = new Float32Array(tw);
  for (let x = 0; x < tw; x++) {
    const sxf = min(max((x + 0.5) * fx - 0.5, 0), sw - 1);
    const x0 = floor(sxf);
    x0s[x] = x0 * channels;
    x1s[x] = min(x0 + 1, sw - 1) * channels;
    wxs[x] = sxf - x0;
  }
  return { x0s, x1s, wxs };
}

/**
 * The horizontal blends of the source rows starting at offsets `r0` and `r1` at every target column: into
 * `top` the upper row's, into `step` the lower's minus the upper's (a target row between them is then
 * top + step·wy).
 */
function blendRowPair(src: Float32Array, r0: number, r1: number, taps: ColumnTaps, channels: number, top: Float64Array, step: Float64Array): void {
  const { x0s, x1s, wxs } = taps;
  for (let x = 0, o = 0, tw = x0s.length; x < tw; x++) {
    const wx = wxs[x]!;
    for (let c = 0, a = x0s[x]!, b = x1s[x]!; c < channels; c++, a++, b++, o++) {
      const t = src[r0 + a]! + (src[r0 + b]! - src[r0 + a]!) * wx;
      top[o] = t;
      step[o] = src[r1 + a]! + (src[r1 + b]! - src[r1 + a]!) * wx - t;
    }
  }
}

/**
 * Fills a sparse grid by pull-push (hierarchical normalised interpolation): cells with weight 0 get a
 * smooth blend of the nearest known cells. Used to extend the source background under the person and
 * the person's colours out into the edge band.
 */
export function pullPush(values: Float32Array, weights: Float32Array, width: number, height: number, channels: number): Float32Array {
  if (width <= 1 && height <= 1) return values.slice();
  const cw = ceil(width / 2);
  const ch = ceil(height / 2);
  const coarseV = new Float32Array(cw * ch * channels);
  const coarseW = new Float32Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = weights[y * width + x]!;
      if (w <= 0) continue;
      const ci = (y >> 1) * cw + (x >> 1);
      coarseW[ci]! += w;
      for (let c = 0; c < channels; c++) coarseV[ci * channels + c]! += w * values[(y * width + x) * channels + c]!;
    }
  }
  for (let i = 0; i < cw * ch; i++) {
    const w = coarseW[i]!;
    if (w > 0) for (let c = 0; c < channels; c++) coarseV[i * channels + c]! /= w;
    coarseW[i] = min(1, w);
  }
  let anyKnown = false;
  for (let i = 0; i < cw * ch && !anyKnown; i++) anyKnown = coarseW[i]! > 0;
  const filled = anyKnown ? pullPush(coarseV, coarseW, cw, ch, channels) : coarseV;
  const up = resizeBilinear(filled, cw, ch, width, height, channels);
  const out = new Float32Array(values.length);
  for (let i = 0; i < width * height; i++) {
    const w = min(1, max(0, weights[i]!));
    for (let c = 0; c < channels; c++) {
      const k = i * channels + c;
      out[k] = w * values[k]! + (1 - w) * up[k]!;
    }
  }
  return out;
}

/**
 * Pixels in cell `i` of a grid of `cell`-px squares `gw` cells wide over a width×height image: cell², fewer
 * in the last column or row; with `stride`, only the pixels whose x and y are multiples of it (as
 * cellColourSums samples them).
 */
export function cellArea(i: number, gw: number, cell: number, width: number, height: number, stride = 1): number {
  const cx = i % gw;
  const cy = (i / gw) | 0;
  return sampled(cx * cell, min(width, (cx + 1) * cell), stride) * sampled(cy * cell, min(height, (cy + 1) * cell), stride);
}

/** How many multiples of `stride` lie in [from, to). */
const sampled = (from: number, to: number, stride: number): number => ceil(to / stride) - ceil(from / stride);

/**
 * Per cell of a grid of `cell`-px squares over interleaved RGB: the count, r, g, b sums and sum of squared
 * magnitudes of the pixels whose `select` value lies in [lo, hi), added into `counts` and `sums` (stride 4).
 * With `stride` > 1 only every stride-th pixel of every stride-th row is looked at: for smooth quantities
 * (a cell's mean colour and spread) that is as good an estimate at a fraction of the cost.
 * Integer sums, exact in floats while they stay below 2^24 (cells up to 9 px): each row's run of pixels in
 * one cell is summed first.
 */
export function cellColourSums(
  data: Uint8Array,
  width: number,
  height: number,
  cell: number,
  select: Float32Array | Uint8Array,
  lo: number,
  hi: number,
  counts: Float32Array | Float64Array,
  sums: Float32Array | Float64Array,
  stride = 1,
): void {
  const gw = ceil(width / cell);
  for (let y = 0; y < height; y += stride) {
    const row = ((y / cell) | 0) * gw;
    const base = y * width;
    // The sampled x (multiples of the stride) run on from one cell into the next.
    let x = 0;
    for (let cx = 0; cx < gw; cx++) {
      let n = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      let q = 0;
      for (const end = min(width, (cx + 1) * cell); x < end; x += stride) {
        const p = base + x;
        const v = select[p]!;
        if (v < lo || v >= hi) continue;
        const pr = data[p * 3]!;
        const pg = data[p * 3 + 1]!;
        const pb = data[p * 3 + 2]!;
        n++;
        r += pr;
        g += pg;
        b += pb;
        q += pr * pr + pg * pg + pb * pb;
      }
      if (!n) continue;
      const ci = row + cx;
      counts[ci]! += n;
      sums[ci * 4]! += r;
      sums[ci * 4 + 1]! += g;
      sums[ci * 4 + 2]! += b;
      sums[ci * 4 + 3]! += q;
    }
  }
}

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);
