/**
 * MediaPipe's full-range face detector as face-detection 1.0.3's tfjs runtime runs it, with the anchor
 * decoding done in JS for the anchors that score, instead of ~100 tfjs ops over all 2 304 anchors (~17 ms a
 * call). The decoding repeats the package's float32 arithmetic step by step (Math.fround after each op), so the
 * boxes are the package's, bit for bit; the input transform, the scores (clip + sigmoid), the non-max
 * suppression and the projection back are the package's own calculators.
 */
import { convertImageToTensor } from '@tensorflow-models/face-detection/dist/shared/calculators/convert_image_to_tensor';
import { createSsdAnchors } from '@tensorflow-models/face-detection/dist/shared/calculators/create_ssd_anchors';
import { detectionProjection } from '@tensorflow-models/face-detection/dist/shared/calculators/detection_projection';
import { nonMaxSuppression } from '@tensorflow-models/face-detection/dist/shared/calculators/non_max_suppression';
import type { Detection } from '@tensorflow-models/face-detection/dist/shared/calculators/interfaces/shape_interfaces';
import {
  DETECTOR_NON_MAX_SUPPRESSION_CONFIG,
  FULL_RANGE_DETECTOR_ANCHOR_CONFIG,
  FULL_RANGE_IMAGE_TO_TENSOR_CONFIG,
  FULL_RANGE_TENSORS_TO_DETECTION_CONFIG,
} from '@tensorflow-models/face-detection/dist/tfjs/constants';
import type * as tfconv from '@tensorflow/tfjs-converter';
import { z } from 'zod';
import { tf } from './models';
import { compiledGraph, type CompiledGraph } from './models/graphRunner';

/** The package's decoding settings, with the layout the decoding below is written for (checked at load). */
const CONFIG = z
  .object({
    numBoxes: z.number().int(),
    numCoords: z.literal(16),
    boxCoordOffset: z.literal(0),
    keypointCoordOffset: z.literal(4),
    numKeypoints: z.literal(6),
    numValuesPerKeypoint: z.literal(2),
    reverseOutputOrder: z.literal(true),
    applyExponentialOnBoxSize: z.literal(false),
    flipVertically: z.literal(false),
    sigmoidScore: z.literal(true),
    scoreClippingThresh: z.number(),
    minScoreThresh: z.number(),
    xScale: z.number(),
    yScale: z.number(),
    wScale: z.number(),
    hScale: z.number(),
  })
  .parse(FULL_RANGE_TENSORS_TO_DETECTION_CONFIG);

const f32 = Math.fround;

/** The raw anchors: [1, 2304, 17], a logit and 16 coordinates each. */
const OUTPUT = 'Identity:0';

export class FullRangeDetector {
  private readonly anchorX: Float32Array;
  private readonly anchorY: Float32Array;
  private readonly anchorW: Float32Array;
  private readonly anchorH: Float32Array;
  /** The graph run by our graph runner, or undefined for tfjs's own executor (to compare with it). */
  private readonly graph: CompiledGraph | undefined;

  constructor(
    private readonly model: tfconv.GraphModel,
    private readonly maxFaces: number,
    graphRunner = true,
  ) {
    this.graph = graphRunner ? compiledGraph(model, [OUTPUT]) : undefined;
    const anchors = createSsdAnchors(FULL_RANGE_DETECTOR_ANCHOR_CONFIG);
    if (anchors.length !== CONFIG.numBoxes) throw new Error(`full-range detector: ${anchors.length} anchors, expected ${CONFIG.numBoxes}`);
    // The package holds them in float32 tensors.
    this.anchorX = Float32Array.from(anchors, (a) => a.xCenter);
    this.anchorY = Float32Array.from(anchors, (a) => a.yCenter);
    this.anchorW = Float32Array.from(anchors, (a) => a.width);
    this.anchorH = Float32Array.from(anchors, (a) => a.height);
  }

  /** Faces in `image` (a float32 [h, w, 3] tensor, 0..255), boxes and keypoints normalised to it. */
  async detectFaces(image: tf.Tensor3D, flipHorizontal = false): Promise<Detection[]> {
    if (flipHorizontal) throw new Error('full-range detector: flipHorizontal is not supported');
    const { imageTensor, transformationMatrix } = convertImageToTensor(image, FULL_RANGE_IMAGE_TO_TENSOR_CONFIG);
    const raw = this.graph ? this.graph.execute(imageTensor)[0]! : (this.model.execute(imageTensor, OUTPUT) as tf.Tensor);
    const scores = tf.tidy(() =>
      tf.sigmoid(tf.clipByValue(tf.squeeze(tf.slice(raw, [0, 0, 0], [1, -1, 1])), -CONFIG.scoreClippingThresh, CONFIG.scoreClippingThresh)),
    );
    try {
      const values = raw.dataSync();
      const score = scores.dataSync();
      const found: Detection[] = [];
      for (let i = 0; i < CONFIG.numBoxes; i++) {
        if (score[i]! < CONFIG.minScoreThresh) continue;
        const detection = this.decode(values, i, score[i]!);
        if (detection) found.push(detection);
      }
      if (found.length === 0) return [];
      const kept = await nonMaxSuppression(found, this.maxFaces, DETECTOR_NON_MAX_SUPPRESSION_CONFIG.minSuppressionThreshold, 'intersection-over-union');
      return detectionProjection(kept, transformationMatrix);
    } finally {
      tf.dispose([imageTensor, raw, scores]);
    }
  }

  /** Anchor i's box and keypoints, as the package's decodeBoxes and convertToDetection compute them. */
  private decode(values: ArrayLike<number>, i: number, score: number): Detection | undefined {
    // Row i: the logit, then x centre, y centre, width, height and six keypoints (x, y), in input pixels.
    const row = i * (CONFIG.numCoords + 1) + 1;
    const [ax, ay, aw, ah] = [this.anchorX[i]!, this.anchorY[i]!, this.anchorW[i]!, this.anchorH[i]!];
    const v = (k: number): number => values[row + k]!;
    const xCenter = f32(f32(f32(v(0) / CONFIG.xScale) * aw) + ax);
    const yCenter = f32(f32(f32(v(1) / CONFIG.yScale) * ah) + ay);
    // The package scales the width by the anchor's height too (the anchors are square).
    const w = f32(f32(v(2) / CONFIG.wScale) * ah);
    const h = f32(f32(v(3) / CONFIG.hScale) * ah);
    const yMin = f32(yCenter - f32(h / 2));
    const xMin = f32(xCenter - f32(w / 2));
    const yMax = f32(yCenter + f32(h / 2));
    const xMax = f32(xCenter + f32(w / 2));
    const relativeBoundingBox = { xMin, yMin, xMax, yMax, width: xMax - xMin, height: yMax - yMin };
    if (relativeBoundingBox.width < 0 || relativeBoundingBox.height < 0) return undefined;
    const relativeKeypoints = Array.from({ length: CONFIG.numKeypoints }, (_, k) => {
      const o = CONFIG.keypointCoordOffset + k * CONFIG.numValuesPerKeypoint;
      return { x: f32(f32(f32(v(o) / CONFIG.xScale) * aw) + ax), y: f32(f32(f32(v(o + 1) / CONFIG.yScale) * ah) + ay) };
    });
    return { score: [score], ind: i, locationData: { relativeBoundingBox, relativeKeypoints } };
  }

  reset(): void {}

  dispose(): void {
    this.model.dispose();
  }
}
