import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { downsampleRgb, resizeBilinear } from './filters';
import type { RgbImage } from '../image';

/** MediaPipe selfie segmentation (general, 256×256): the image is stretched to the model's square. */
export const SEGMENTATION_MODEL = 'selfie';
const SIZE = 256;

/** The person probability (0..1) per pixel of `image`, from the model's coarse output upsampled. */
export async function segmentPerson(model: GraphModel, image: RgbImage): Promise<Float32Array> {
  const input = downsampleRgb(image.data, image.width, image.height, SIZE, SIZE);
  const coarse = await runModel(model, input);
  return resizeBilinear(coarse, SIZE, SIZE, image.width, image.height);
}

async function runModel(model: GraphModel, input: Float32Array): Promise<Float32Array> {
  const x = tf.tensor4d(input, [1, SIZE, SIZE, 3]);
  try {
    const y = model.execute(x) as tf.Tensor;
    try {
      return (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}
