import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { downsampleRgb, resizeBilinearWithAlpha } from './filters';
import type { AlphaImage, RgbImage } from '../image';
import { loadGraphModel } from '../models';
import { compiledGraph } from '../models/graphRunner';

/**
 * Which segmentation the matte starts from. `standard`: MediaPipe selfie (general, 256×256). `alternate`:
 * MediaPipe meet (256×144), a different network trained on other data — for 「重新制作」 when the first
 * matte went wrong. Both see the image stretched to their input: letterboxing a portrait into meet's
 * 16:9 measured worse on the matting fixtures (the person gets only 144 rows).
 */
export const MATTE_VARIANTS = ['standard', 'alternate'] as const;
export type MatteVariant = (typeof MATTE_VARIANTS)[number];

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { exp } = Math;

export const SEGMENTATION_MODEL = 'selfie';
const SELFIE = { width: 256, height: 256 };
const MEET = { width: 256, height: 144 };

/** The person probability per pixel of an image, and the same as an 8-bit alpha (coarseAlpha's values). */
export type Segmentation = { prob: Float32Array; coarse: AlphaImage };

/** The person probability (0..1) per pixel of `image` from the variant's model, its coarse output upsampled. */
export async function personProbability(image: RgbImage, variant: MatteVariant = 'standard'): Promise<Float32Array> {
  return (await segment(image, variant)).prob;
}

/** The variant's person probability per pixel of `image` and its 8-bit alpha, both written by one upsampling pass. */
export async function segment(image: RgbImage, variant: MatteVariant = 'standard'): Promise<Segmentation> {
  return segmentWith(await loadGraphModel(variant === 'alternate' ? 'meet' : SEGMENTATION_MODEL), image, variant);
}

/** The selfie model's person probability per pixel of `image`. */
export async function segmentPerson(model: GraphModel, image: RgbImage): Promise<Float32Array> {
  return (await segmentWith(model, image, 'standard')).prob;
}

/** The meet model's person probability per pixel of `image`. */
export async function segmentMeet(model: GraphModel, image: RgbImage): Promise<Float32Array> {
  return (await segmentWith(model, image, 'alternate')).prob;
}

/**
 * `model` (the variant's) run on `image` shrunk to its input, its grid upsampled to the image. The meet model
 * takes its input in 0..1 (in -1..1 it lost a boy in a dark suit on red to the backdrop) and gives two logits
 * per cell (background, person): the probability is their softmax.
 */
async function segmentWith(model: GraphModel, image: RgbImage, variant: MatteVariant): Promise<Segmentation> {
  const size = variant === 'alternate' ? MEET : SELFIE;
  const input = downsampleRgb(image.data, image.width, image.height, size.width, size.height);
  const output = await runModel(model, input, size);
  let grid = output;
  if (variant === 'alternate') {
    grid = new Float32Array(size.width * size.height);
    for (let i = 0; i < grid.length; i++) grid[i] = 1 / (1 + exp(output[2 * i]! - output[2 * i + 1]!));
  }
  return upsampleProbability(grid, size.width, size.height, image.width, image.height);
}

/**
 * The model's sw × sh probability grid upsampled to tw × th (filters.resizeBilinear's values) and, in the same
 * pass, the 8-bit alpha coarseAlpha makes of them, so the 0.7 MP probability is not read a second time.
 */
export function upsampleProbability(src: Float32Array, sw: number, sh: number, tw: number, th: number): Segmentation {
  const prob = new Float32Array(tw * th);
  const alpha = new Uint8Array(tw * th);
  resizeBilinearWithAlpha(src, sw, sh, tw, th, prob, alpha);
  return { prob, coarse: { data: alpha, width: tw, height: th } };
}

/** The model's one output for `input`, run by our graph runner (the same values as model.execute, less overhead). */
async function runModel(model: GraphModel, input: Float32Array, size: { width: number; height: number }): Promise<Float32Array> {
  const x = tf.tensor4d(input, [1, size.height, size.width, 3]);
  try {
    const outputs = compiledGraph(model).execute(x);
    try {
      if (outputs.length !== 1) throw new Error(`segmentation: the model gave ${outputs.length} outputs, one expected`);
      return (await outputs[0]!.data()) as Float32Array;
    } finally {
      tf.dispose(outputs);
    }
  } finally {
    x.dispose();
  }
}
