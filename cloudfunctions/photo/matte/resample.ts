/**
 * The segmentation's resampling: the model's coarse person probability enlarged back to the region, exactly
 * as the matte's general resizeBilinear (filters.ts) would, in fewer operations per pixel. (The shrink to the
 * model's input stays filters.ts's downsampleRgb: a two-pass version on column sums measured slower.)
 */

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { floor, fround, max, min } = Math;

/**
 * resizeBilinear(src, sw, sh, tw, th) for one channel (pixel centres aligned, clamped at the edges): per pair
 * of source rows their horizontal blends and the step between them once, then each target row between them
 * is one multiply-add per pixel. The same operations on the same values as resizeBilinear (its column
 * fractions stored as float32), so the same result.
 */
export function upsampleProbability(src: Float32Array, sw: number, sh: number, tw: number, th: number): Float32Array {
  const out = new Float32Array(tw * th);
  const fx = sw / tw;
  const fy = sh / th;
  const a0 = new Int32Array(tw);
  const a1 = new Int32Array(tw);
  const wx = new Float64Array(tw);
  for (let x = 0; x < tw; x++) {
    const sxf = min(max((x + 0.5) * fx - 0.5, 0), sw - 1);
    const x0 = floor(sxf);
    a0[x] = x0;
    a1[x] = min(x0 + 1, sw - 1);
    wx[x] = fround(sxf - x0);
  }
  const top = new Float64Array(tw);
  const step = new Float64Array(tw);
  let pair = -1;
  for (let y = 0; y < th; y++) {
    const syf = min(max((y + 0.5) * fy - 0.5, 0), sh - 1);
    const y0 = floor(syf);
    const wy = syf - y0;
    if (y0 !== pair) {
      pair = y0;
      const r0 = y0 * sw;
      const r1 = min(y0 + 1, sh - 1) * sw;
      for (let x = 0; x < tw; x++) {
        const i = a0[x]!;
        const j = a1[x]!;
        const w = wx[x]!;
        const t = src[r0 + i]! + (src[r0 + j]! - src[r0 + i]!) * w;
        top[x] = t;
        step[x] = src[r1 + i]! + (src[r1 + j]! - src[r1 + i]!) * w - t;
      }
    }
    for (let x = 0, o = y * tw; x < tw; x++, o++) out[o] = top[x]! + step[x]! * wy;
  }
  return out;
}
