/**
 * COLOR_CAST (photo-standard.md §2: an unnatural colour of skin and neutral areas).
 *
 * A skin hue outside the skin band is a cast by itself (green, blue or magenta light or filters). A hue inside it
 * but away from the usual skin tones is one when the bright areas carry a colour too (a sepia filter). The skin's
 * chroma alone is not: darker skin has more chroma per grey level of luma, and Obama's official portrait
 * (bad-flags-bg-teeth: studio light, white shirt) sat on the chroma limit while its bright areas are neutral.
 * So skin chroma over the limit counts as a cast only when the brightest areas of the picture (shirt, wall,
 * highlights) carry a colour too, or when it is beyond any natural skin. Bright areas coloured for another reason
 * (a light-blue backdrop, gold curtains) read as coloured light: the skin's chroma is then held to its limit as
 * before, and a skin of unusual hue fails.
 */
import type { RgbImage } from '../image';
import { LIMITS } from '../limits';

const M = Math;

export type Skin = { hue: number; chroma: number; meanLuma: number };
/** Mean chroma (CbCr length, grey levels) of the brightest tenth of the picture. */
export type BrightAreas = { chroma: number };

/** Every STEP-th pixel of every STEP-th row: the bright areas are large, and a sample of a few ten thousand pixels is plenty. */
const STEP = 4;
/**
 * The brightest tenth, less its top half percent and the pixels clipped in all three channels (their colour is the
 * sensor's limit, not the light's). Pixels with one or two channels clipped stay in: a white shirt in a bright
 * photo is mostly made of them, and they still show the light's colour.
 */
const BRIGHT_FROM = 0.9;
const BRIGHT_TO = 0.995;
const CLIPPED = 250;

/** The bright areas of `image`, leaving out pixels with `outside` set (the region's fill beyond the source); null when nothing is left but clipped pixels. */
export function brightAreas(image: RgbImage, outside?: Uint8Array): BrightAreas | null {
  const { data, width, height } = image;
  const histogram = new Float64Array(256);
  let n = 0;
  for (let y = 0; y < height; y += STEP) {
    for (let x = 0, i = y * width; x < width; x += STEP, i += STEP) {
      if (outside && outside[i]) continue;
      const k = i * 3;
      histogram[(0.299 * data[k]! + 0.587 * data[k + 1]! + 0.114 * data[k + 2]! + 0.5) | 0]!++;
      n++;
    }
  }
  const lo = lumaAtShare(histogram, n, BRIGHT_FROM);
  const hi = lumaAtShare(histogram, n, BRIGHT_TO);
  let cb = 0;
  let cr = 0;
  let count = 0;
  for (let y = 0; y < height; y += STEP) {
    for (let x = 0, i = y * width; x < width; x += STEP, i += STEP) {
      if (outside && outside[i]) continue;
      const k = i * 3;
      const r = data[k]!;
      const g = data[k + 1]!;
      const b = data[k + 2]!;
      const luma = (0.299 * r + 0.587 * g + 0.114 * b + 0.5) | 0;
      if (luma < lo || luma > hi || (r >= CLIPPED && g >= CLIPPED && b >= CLIPPED)) continue;
      cb += -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr += 0.5 * r - 0.418688 * g - 0.081312 * b;
      count++;
    }
  }
  return count === 0 ? null : { chroma: M.hypot(cb, cr) / count };
}

/** The smallest luma with at least `share` of the `n` counted pixels at or below it. */
function lumaAtShare(histogram: Float64Array, n: number, share: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v]!;
    if (seen >= share * n) return v;
  }
  return 255;
}

/**
 * `monochrome`: the face has no colour at all (a black-and-white photo), which is refused as such. `bright`: measured
 * only when the skin alone is not conclusive (undefined otherwise, see judgeColourCast), null when nothing was
 * measurable.
 */
export type ColourCast = { cast: boolean; monochrome?: true; bright?: BrightAreas | null };

/** Skin chroma (over luma) below which the face has no colour: a greyscale photo has 0, a strong cool cast 0.04 and more. */
const MONOCHROME_CHROMA = 0.02;

/**
 * The verdict. The bright areas are measured only when the skin alone is not conclusive: its chroma is over the
 * limit, or its hue is inside the skin band but away from the usual skin tones (a sepia filter, a green or magenta
 * light): then the bright areas decide whether the light is coloured.
 */
export function judgeColourCast(skin: Skin, measureBright: () => BrightAreas | null): ColourCast {
  const q = LIMITS.quality;
  if (skin.chroma < MONOCHROME_CHROMA) return { cast: true, monochrome: true };
  if (skin.hue < q.skinHue.min || skin.hue > q.skinHue.max) return { cast: true };
  const unusualHue = skin.hue < q.usualSkinHue.min || skin.hue > q.usualSkinHue.max;
  const strong = skin.chroma > q.maxSkinChroma;
  if (!unusualHue && !strong) return { cast: false };
  const bright = measureBright();
  const neutral = bright !== null && bright.chroma <= q.maxNeutralChroma;
  const naturalSkin = skin.chroma * skin.meanLuma <= q.maxSkinChromaAbsolute;
  return { cast: !neutral || (strong && !naturalSkin), bright };
}
