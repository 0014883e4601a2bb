import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { downsampleRgb, resizeBilinear } from './filters';
import type { RgbImage } from '../image';
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

export const SEGMENTATION_MODEL = 'selfie';
const SELFIE = { width: 256, height: 256 };
const MEET = { width: 256, height: 144 };

/** The person probability (0..1) per pixel of `image` from the variant's model, its coarse output upsampled. */
export async function personProbability(image: RgbImage, variant: MatteVariant = 'standard'): Promise<Float32Array> {
  if (variant === 'alternate') return segmentMeet(await loadGraphModel('meet'), image);
  return segmentPerson(await loadGraphModel(SEGMENTATION_MODEL), image);
}

/** The selfie model's person probability per pixel of `image`. */
export async function segmentPerson(model: GraphModel, image: RgbImage): Promise<Float32Array> {
  const input = downsampleRgb(image.data, image.width, image.height, SELFIE.width, SELFIE.height);
  const coarse = await runModel(model, input, SELFIE);
  return resizeBilinear(coarse, SELFIE.width, SELFIE.height, image.width, image.height);
}

/**
 * The meet model's person probability per pixel of `image`. Input in 0..1 (in -1..1 it lost a boy in a dark
 * suit on red to the backdrop); it gives two logits per cell (background, person), the probability is their softmax.
 */
export async function segmentMeet(model: GraphModel, image: RgbImage): Promise<Float32Array> {
  const input = downsampleRgb(image.data, image.width, image.height, MEET.width, MEET.height);
  const logits = await runModel(model, input, MEET);
  const coarse = new Float32Array(MEET.width * MEET.height);
  for (let i = 0; i < coarse.length; i++) coarse[i] = 1 / (1 + Math.exp(logits[2 * i]! - logits[2 * i + 1]!));
  return resizeBilinear(coarse, MEET.width, MEET.height, image.width, image.height);
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
