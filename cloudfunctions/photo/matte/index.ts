/**
 * Background replacement (photo-standard.md §3): the person's alpha matte from the segmentation model,
 * refined against the near-uniform source background, with decontaminated person colours, and the
 * composite on a new plain colour.
 */
import type { AlphaImage, Box, Rgb, RgbImage } from '../image';
import { initTf } from '../models';
import { estimateBackground } from './background';
import { assessMatte, backdropFringe, type MatteQuality } from './quality';
import { decontaminate, edgePixels, guidedFilter, opaquePersonColour, refineAlpha } from './refine';
import { scratchF32, scratchU8 } from './scratch';
import { personProbability, type MatteVariant } from './segment';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { ceil, floor, max, min, round } = Math;

const NEUTRAL: Rgb = [128, 128, 128];

export { assessMatte, backdropFringe, MATTE_LIMITS, MATTE_PROBLEMS, matteQualitySchema, type MatteProblem, type MatteQuality } from './quality';
export { composite } from './composite';
export { MATTE_VARIANTS, personProbability, type MatteVariant } from './segment';

export type Matte = {
  alpha: AlphaImage;
  /** The person's colours with the old backdrop removed from partly transparent pixels; same size. */
  foreground: RgbImage;
  /** Robust mean colour of the source backdrop. */
  sourceBackground: Rgb;
  quality: MatteQuality;
  /** Where the matte is refined (in image px); outside it, alpha is the model's probability and the colours the source's. */
  refined: Box;
};

/**
 * What the face says about the picture. `hairAbove`: the rows above it (px) show only hair, headwear and backdrop
 * (landmarks.hairLineY); there the backdrop inside loops of hair is looked for even where the model is sure of
 * the person (refineAlpha). `faceWidth` (px): how far the person's cast shadow may reach (castShadow.ts).
 */
export type MatteHints = { hairAbove?: number; faceWidth?: number };

/** The refined matte of `image`, starting from the variant's segmentation (the same refinement for both). */
export async function computeMatte(image: RgbImage, hints: MatteHints = {}, variant: MatteVariant = 'standard'): Promise<Matte> {
  await initTf();
  return refineMatte(image, await personProbability(image, variant), hints);
}

/** The model's person probability as an 8-bit alpha: coarse, but enough to find the head and the touched edges. */
export function coarseAlpha(prob: Float32Array, width: number, height: number): AlphaImage {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = (prob[i]! * 255 + 0.5) | 0;
  return { data, width, height };
}

/**
 * The matte refined only inside `box` (the refinement costs per pixel, and the output needs only its crop);
 * outside it, the coarse alpha and the source colours. The quality is judged on the refined part.
 * `coarse`, when given, is `coarseAlpha(prob, …)` already made by the caller: it is reused (and written)
 * as the returned alpha.
 */
export function refineMatteWithin(image: RgbImage, prob: Float32Array, box: Box, hints: MatteHints = {}, coarse?: AlphaImage): Matte {
  const { width, height } = image;
  const x0 = max(0, floor(box.x));
  const y0 = max(0, floor(box.y));
  const x1 = min(width, ceil(box.x + box.width));
  const y1 = min(height, ceil(box.y + box.height));
  if (x0 === 0 && y0 === 0 && x1 === width && y1 === height) return refineMatte(image, prob, hints);
  const w = x1 - x0;
  const h = y1 - y0;
  // The crop is only read by the refinement, so it lives in reused buffers.
  const sub: RgbImage = { data: scratchU8('within.image', w * h * 3), width: w, height: h };
  const subProb = scratchF32('within.prob', w * h);
  for (let y = 0; y < h; y++) {
    const from = (y0 + y) * width + x0;
    sub.data.set(image.data.subarray(from * 3, (from + w) * 3), y * w * 3);
    subProb.set(prob.subarray(from, from + w), y * w);
  }
  const subForeground = scratchU8('within.foreground', w * h * 3);
  subForeground.set(sub.data);
  const inner = refineInto(sub, subProb, scratchU8('within.alpha', w * h), subForeground, { ...hints, hairAbove: (hints.hairAbove ?? 0) - y0 });
  const alpha = coarse && coarse.width === width && coarse.height === height ? coarse : coarseAlpha(prob, width, height);
  const foreground: RgbImage = { data: image.data.slice(), width, height };
  for (let y = 0; y < h; y++) {
    const to = (y0 + y) * width + x0;
    alpha.data.set(inner.alpha.subarray(y * w, (y + 1) * w), to);
    foreground.data.set(subForeground.subarray(y * w * 3, (y + 1) * w * 3), to * 3);
  }
  return { alpha, foreground, sourceBackground: inner.sourceBackground, quality: inner.quality, refined: { x: x0, y: y0, width: w, height: h } };
}

/** The refinement alone, from a person probability map at the image's size (exported for the bench). */
export function refineMatte(image: RgbImage, prob: Float32Array, hints: MatteHints = {}): Matte {
  const { data, width, height } = image;
  const alpha: AlphaImage = { data: new Uint8Array(width * height), width, height };
  const foreground: RgbImage = { data: data.slice(), width, height };
  const { sourceBackground, quality } = refineInto(image, prob, alpha.data, foreground.data, hints);
  return { alpha, foreground, sourceBackground, quality, refined: { x: 0, y: 0, width, height } };
}

/**
 * The refinement of `image`: the 8-bit alpha into `alpha8`, and the decontaminated colours into
 * `foreground`, which must hold a copy of the image (only the edge pixels are recoloured); `hints` in its coordinates.
 */
function refineInto(image: RgbImage, prob: Float32Array, alpha8: Uint8Array, foreground: Uint8Array, hints: MatteHints): { alpha: Uint8Array; sourceBackground: Rgb; quality: MatteQuality } {
  const { data, width, height } = image;
  const model = estimateBackground(data, width, height, prob);
  const refined = refineAlpha(data, width, height, prob, model, alpha8, { hairAbove: min(height, max(0, round(hints.hairAbove ?? 0))), faceWidth: hints.faceWidth });
  const radius = max(1, round(max(width, height) / 500));
  // Smoothed only where it was refined (in place; elsewhere the alpha is 0 or 1, and so is alpha8 already);
  // snapped at the ends so the plain parts stay exactly 0 or 1.
  const alpha = guidedFilter(refined.alpha, data, width, height, radius, 1e-4, refined.band, refined.band.rows);
  const { runs } = refined.band;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      const raw = alpha[i]!;
      const a = raw < 0.02 ? 0 : raw > 0.98 ? 1 : raw;
      alpha[i] = a;
      alpha8[i] = (a * 255 + 0.5) | 0;
    }
  }
  const alphaImage: AlphaImage = { data: alpha8, width, height };
  const edge = edgePixels(alpha, refined.band, width);
  const person = opaquePersonColour(data, width, height, alpha, edge, model);
  decontaminate(data, alpha, edge, refined.backdropColour, person, foreground);
  // The fringe is judged on the foreground over a neutral grey; it hardly depends on the new colour.
  const fringe = backdropFringe({ data: foreground, width, height }, alphaImage, model.mean, NEUTRAL, { composited: false });
  return { alpha: alpha8, sourceBackground: model.mean, quality: assessMatte(image, alphaImage, model, fringe) };
}
