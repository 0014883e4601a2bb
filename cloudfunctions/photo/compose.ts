/** Compose stage: the solved crop of the matte's foreground and alpha, on the new background colour. */
import type { Geometry } from './geometry';
import type { Rgb, RgbImage } from './image';
import type { Matte } from './matte';
import { axisTaps } from './pixels';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/**
 * One pass, byte for byte what warpRgb + warpAlpha (bilinear, at pixel centres) and the matte's composite
 * (out = αF + (1−α)·background) give: the crop is a scale and a shift, so each column's and each row's taps are
 * computed once, and the foreground is not sampled where the alpha is 0 (about half the photo is backdrop).
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
  const cols = axisTaps(width, sw, (u) => k * u + (g.ox - 0.5 + k * 0.5));
  const rows = axisTaps(height, fg.height, (v) => k * (v + 0.5) + g.oy - 0.5);
  const A = alpha.data;
  const F = fg.data;
  const [br, bg, bb] = background;
  const out = new Uint8Array(width * height * 3);
  for (let v = 0, o = 0; v < height; v++) {
    const y0 = rows.index[v]!;
    const fy = rows.fraction[v]!;
    const down = rows.next[v]! * sw;
    for (let u = 0; u < width; u++, o += 3) {
      const x0 = cols.index[u]!;
      const fx = cols.fraction[u]!;
      const right = cols.next[u]!;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const p00 = y0 * sw + x0;
      const p01 = p00 + right;
      const p10 = p00 + down;
      const p11 = p10 + right;
      const al = (A[p00]! * w00 + A[p01]! * w01 + A[p10]! * w10 + A[p11]! * w11 + 0.5) | 0;
      if (al === 0) {
        out[o] = br;
        out[o + 1] = bg;
        out[o + 2] = bb;
        continue;
      }
      const a = al / 255;
      const q00 = p00 * 3;
      const q01 = p01 * 3;
      const q10 = p10 * 3;
      const q11 = p11 * 3;
      const r = (F[q00]! * w00 + F[q01]! * w01 + F[q10]! * w10 + F[q11]! * w11 + 0.5) | 0;
      const gr = (F[q00 + 1]! * w00 + F[q01 + 1]! * w01 + F[q10 + 1]! * w10 + F[q11 + 1]! * w11 + 0.5) | 0;
      const b = (F[q00 + 2]! * w00 + F[q01 + 2]! * w01 + F[q10 + 2]! * w10 + F[q11 + 2]! * w11 + 0.5) | 0;
      out[o] = M.round(r * a + br * (1 - a));
      out[o + 1] = M.round(gr * a + bg * (1 - a));
      out[o + 2] = M.round(b * a + bb * (1 - a));
    }
  }
  return { data: out, width, height };
}
