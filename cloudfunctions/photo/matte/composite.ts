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
  const [br, bgG, bb] = background;
  for (let i = 0, k = 0; i < width * height; i++, k += 3) {
    const a = alpha.data[i]! / 255;
    out[k] = round(fg.data[k]! * a + br * (1 - a));
    out[k + 1] = round(fg.data[k + 1]! * a + bgG * (1 - a));
    out[k + 2] = round(fg.data[k + 2]! * a + bb * (1 - a));
  }
  return { data: out, width, height };
}
