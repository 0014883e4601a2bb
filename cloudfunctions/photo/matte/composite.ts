import type { AlphaImage, Rgb, RgbImage } from '../image';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { round } = Math;

/** The person over a plain colour: out = αF + (1−α)·background, per pixel. */
export function composite(fg: RgbImage, alpha: AlphaImage, background: Rgb): RgbImage {
  const { width, height } = fg;
  if (alpha.width !== width || alpha.height !== height) {
    throw new Error(`composite: alpha ${alpha.width}×${alpha.height} does not match foreground ${width}×${height}`);
  }
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) compositePixel(fg.data, alpha.data[i]!, background, i * 3, out, i * 3);
  return { data: out, width, height };
}

/** One pixel of `composite`: foreground colour at `k` of `fg` with 8-bit alpha `a8`, into `out` at `o`. */
export function compositePixel(fg: Uint8Array, a8: number, background: Rgb, k: number, out: Uint8Array, o: number): void {
  const a = a8 / 255;
  out[o] = round(fg[k]! * a + background[0] * (1 - a));
  out[o + 1] = round(fg[k + 1]! * a + background[1] * (1 - a));
  out[o + 2] = round(fg[k + 2]! * a + background[2] * (1 - a));
}
