/**
 * Background replacement (photo-standard.md §3): the person's alpha matte from the segmentation model,
 * refined against the near-uniform source background, with decontaminated person colours, and the
 * composite on a new plain colour.
 */
import type { AlphaImage, Box, Rgb, RgbImage } from '../image';
import { initTf } from '../models';
import { estimateBackground } from './background';
import { composite } from './composite';
import { assessMatte, backdropFringe, type MatteQuality } from './quality';
import { decontaminate, edgePixels, guidedFilter, opaquePersonColour, refineAlpha } from './refine';
import { personProbability, type MatteVariant } from './segment';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { max, round } = Math;

const NEUTRAL: Rgb = [128, 128, 128];

export { assessMatte, backdropFringe, MATTE_LIMITS, MATTE_PROBLEMS, matteQualitySchema, type MatteProblem, type MatteQuality } from './quality';
export { composite } from './composite';
export { MATTE_VARIANTS, type MatteVariant } from './segment';

export type Matte = {
  alpha: AlphaImage;
  /** The person's colours with the old backdrop removed from partly transparent pixels; same size. */
  foreground: RgbImage;
  /** Robust mean colour of the source backdrop. */
  sourceBackground: Rgb;
  quality: MatteQuality;
};

export type MatteHints = { faceBox?: Box };

/** The refined matte of `image`, starting from the variant's segmentation (the same refinement for both). */
export async function computeMatte(image: RgbImage, _hints?: MatteHints, variant: MatteVariant = 'standard'): Promise<Matte> {
  await initTf();
  return refineMatte(image, await personProbability(image, variant));
}

/** The refinement alone, from a person probability map at the image's size (exported for the bench). */
export function refineMatte(image: RgbImage, prob: Float32Array): Matte {
  const { data, width, height } = image;
  const model = estimateBackground(data, width, height, prob);
  const refined = refineAlpha(data, width, height, prob, model);
  const radius = max(1, round(max(width, height) / 500));
  const smooth = guidedFilter(refined.alpha, data, width, height, radius, 1e-4, refined.band);
  const n = width * height;
  // Smoothed only where it was refined; snapped at the ends so the plain parts stay exactly 0 or 1.
  const alpha = smooth;
  const alpha8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const raw = refined.band[i] ? smooth[i]! : refined.alpha[i]!;
    const a = raw < 0.02 ? 0 : raw > 0.98 ? 1 : raw;
    alpha[i] = a;
    alpha8[i] = (a * 255 + 0.5) | 0;
  }
  const alphaImage: AlphaImage = { data: alpha8, width, height };
  const edge = edgePixels(alpha, refined.band, width);
  const person = opaquePersonColour(data, width, height, alpha, edge, model);
  const foreground: RgbImage = { data: decontaminate(data, alpha, edge, refined.backdropColour, person), width, height };
  // The fringe is judged on the foreground over a neutral grey; it hardly depends on the new colour.
  const fringe = backdropFringe(composite(foreground, alphaImage, NEUTRAL), alphaImage, model.mean, NEUTRAL);
  return { alpha: alphaImage, foreground, sourceBackground: model.mean, quality: assessMatte(image, alphaImage, model, fringe) };
}
