/**
 * Face stage: MediaPipe full-range detection counts every face (small background faces too), and FaceMesh
 * with attention (478 points, irises included) measures the largest of them. One detection pass: the mesh is
 * given the full-range detector's largest face instead of running its own short-range detector (which runs only
 * when the full-range one finds no face). Both run on the image as decoded, or a shrunk copy of a large one;
 * points are returned in the coordinates of the image given.
 */
import * as fld from '@tensorflow-models/face-landmarks-detection';
import * as tfconv from '@tensorflow/tfjs-converter';
import { FullRangeDetector } from './fullRangeDetector';
import type { Box, RgbImage } from './image';
import { LIMITS } from './limits';
import { diskModelHandler, initTf, tf } from './models';
import { compiledGraph } from './models/graphRunner';
import type { WasmBackend } from './models/kernels';
import sharp from 'sharp';

export type Point3 = { x: number; y: number; z: number };

export type FaceDetection = {
  /** Faces the full-range detector found (plus the mesh face if it missed it), largest first. */
  boxes: Box[];
  /** The main face's 478 landmarks, or undefined when no face was found. */
  mesh?: Point3[];
};

/** A face as the packages' detectors give it to the mesh: normalised to the image. */
type PackageDetection = {
  score: number[];
  locationData: { relativeBoundingBox: { xMin: number; yMin: number; width: number; height: number } };
};

/** The detector interface the mesh package calls internally (the tfjs face detector implements it). */
type PackageDetector = {
  detectFaces(image: tf.Tensor3D, flipHorizontal?: boolean): Promise<PackageDetection[]>;
  reset(): void;
  dispose(): void;
};

/**
 * Stands in for the mesh's own short-range detector: runs the full-range detector once, keeps every face it
 * found (to count them) and hands the mesh only the largest (the student); when it finds none, the short-range
 * detector's faces stand in. With `counting` off (a written photo, one face) the mesh's short-range detector runs
 * as the package would.
 */
class SharedDetector implements PackageDetector {
  counting = true;
  found: PackageDetection[] = [];
  constructor(
    private readonly full: PackageDetector,
    private readonly short: PackageDetector,
  ) {}

  async detectFaces(image: tf.Tensor3D, flipHorizontal = false): Promise<PackageDetection[]> {
    if (!this.counting) return this.short.detectFaces(image, flipHorizontal);
    this.found = await this.full.detectFaces(image, flipHorizontal);
    // The full-range model misses a close face the frame cuts (a photo cut through the mouth); the short-range
    // one, made for faces near the camera, finds it, so the photo fails for its framing, not for having no face.
    if (this.found.length === 0) this.found = await this.short.detectFaces(image, flipHorizontal);
    const size = (d: PackageDetection): number => d.locationData.relativeBoundingBox.width * d.locationData.relativeBoundingBox.height;
    const largest = this.found.reduce<PackageDetection | undefined>((best, d) => (!best || size(d) > size(best) ? d : best), undefined);
    return largest ? [largest] : [];
  }

  reset(): void {
    this.full.reset();
    this.short.reset();
  }

  dispose(): void {
    this.full.dispose();
    this.short.dispose();
  }
}

export type FaceDetectors = {
  mesh: fld.FaceLandmarksDetector;
  detector: SharedDetector;
};

/** The mesh package's detector field (1.0.6, tfjs runtime): checked, so a package update fails loudly here. */
function packageDetector(x: unknown, what: string): PackageDetector {
  const d = x as Partial<PackageDetector> | undefined;
  if (!d || typeof d.detectFaces !== 'function' || typeof d.reset !== 'function' || typeof d.dispose !== 'function') {
    throw new Error(`${what}: not the tfjs face detector this engine was written against (face-landmarks-detection 1.0.6)`);
  }
  return d as PackageDetector;
}

/** The landmark model as the mesh package calls it (1.0.6: `landmarkModel.execute(input, outputs)`). */
type PackageLandmarkModel = { execute(input: tf.Tensor, outputs: string[]): tf.Tensor[]; dispose(): void };

/**
 * The mesh package's landmark model with its `execute` run by our graph runner (models/graphRunner.ts: the same
 * kernels without tfjs's per-node overhead, the same outputs bit for bit).
 */
function leanLandmarkModel(x: unknown): PackageLandmarkModel {
  const model = x as Partial<tfconv.GraphModel> | undefined;
  if (!(model instanceof tfconv.GraphModel)) throw new Error('face mesh: its landmark model is not the tfjs GraphModel this engine was written against (face-landmarks-detection 1.0.6)');
  return {
    execute: (input, outputs) => compiledGraph(model, outputs).execute(input),
    dispose: () => model.dispose(),
  };
}

/** The packages take a URL or an IOHandler; their types only admit the URL. */
const asUrl = (handler: tf.io.IOHandler): string => handler as unknown as string;

/** `graphRunner: false` runs the graphs on tfjs's own executor (slower, the same values; to compare with it). */
export async function createFaceDetectors(opts: { graphRunner?: boolean } = {}): Promise<FaceDetectors> {
  await initTf();
  const lean = opts.graphRunner !== false;
  const full = new FullRangeDetector(await tfconv.loadGraphModel(diskModelHandler('facemesh-detection-full')), 20, lean);
  const mesh = await fld.createDetector(fld.SupportedModels.MediaPipeFaceMesh, {
    runtime: 'tfjs',
    refineLandmarks: true,
    maxFaces: 1,
    detectorModelUrl: asUrl(diskModelHandler('facemesh-detection-short')),
    landmarkModelUrl: asUrl(diskModelHandler('facemesh-attention')),
  });
  const inner = mesh as unknown as { detector: unknown; landmarkModel: unknown };
  const detector = new SharedDetector(packageDetector(full, 'full-range face detector'), packageDetector(inner.detector, 'face mesh detector'));
  inner.detector = detector;
  if (lean) inner.landmarkModel = leanLandmarkModel(inner.landmarkModel);
  return { mesh, detector };
}

const area = (b: Box): number => b.width * b.height;

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.min(area(a), area(b)) : 0;
}

/** The wasm backend rethrows its own errors without a message; say which model failed. */
async function run<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const detail = err instanceof Error ? err.message || err.name : String(err);
    throw new Error(`${what} failed: ${detail || 'tfjs wasm error without a message'}`, { cause: err });
  }
}

/** libvips shrinks a large frame several times faster than a JS loop. */
async function shrink(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/**
 * The image as the float32 tensor the packages take (they cast their input), its bytes converted straight into
 * the wasm heap: no 4-bytes-a-value copy in JS first (16 MB at 1333 px).
 */
function floatImageTensor(image: RgbImage): tf.Tensor3D {
  const backend = tf.backend() as unknown as WasmBackend;
  const info = backend.makeOutput([image.height, image.width, 3], 'float32');
  backend.typedArrayFromHeap(info).set(image.data);
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor3D;
}

/**
 * The mesh's keypoints in image px (z on the scale of x). A loop and the `{ x, y, z }` literal every mesh point
 * has, not an arrow made per call (compiled again on every photo).
 */
function meshInImage(keypoints: { x: number; y: number; z?: number }[], scale: number): Point3[] {
  const mesh: Point3[] = [];
  for (let i = 0; i < keypoints.length; i++) {
    const p = keypoints[i]!;
    mesh.push({ x: p.x / scale, y: p.y / scale, z: (p.z ?? 0) / scale });
  }
  return mesh;
}

/** `count: false` skips the full-range detector when only the main face's landmarks are wanted. */
export async function detectFaces(detectors: FaceDetectors, image: RgbImage, opts: { count?: boolean } = {}): Promise<FaceDetection> {
  const long = Math.max(image.width, image.height);
  const k = long <= LIMITS.input.detectAsIsLongSide ? 1 : LIMITS.input.detectLongSide / long;
  const small = k < 1 ? await shrink(image, Math.round(image.width * k), Math.round(image.height * k)) : image;
  const scale = small.width / image.width;
  const input = floatImageTensor(small);
  try {
    const { detector } = detectors;
    detector.counting = opts.count !== false;
    detector.found = [];
    detectors.mesh.reset();
    const meshes = await run('face mesh', () =>
      detectors.mesh.estimateFaces(input as tf.Tensor3D, { flipHorizontal: false, staticImageMode: true }),
    );
    const toImage = (b: { xMin: number; yMin: number; width: number; height: number }): Box => ({
      x: b.xMin / scale,
      y: b.yMin / scale,
      width: b.width / scale,
      height: b.height / scale,
    });
    const found = detector.found.map(({ locationData: { relativeBoundingBox: r } }) => ({
      xMin: r.xMin * small.width,
      yMin: r.yMin * small.height,
      width: r.width * small.width,
      height: r.height * small.height,
    }));
    const minSide = LIMITS.face.minCountedFaceOfLongSide * long;
    const boxes = found.map(toImage).filter((b) => b.width >= minSide);
    const main = meshes[0];
    const mesh = main ? meshInImage(main.keypoints, scale) : undefined;
    if (main) {
      const meshBox = toImage(main.box);
      if (!boxes.some((b) => overlap(b, meshBox) > 0.3)) boxes.push(meshBox);
    }
    boxes.sort((a, b) => area(b) - area(a));
    const largest = boxes[0];
    const counted = largest ? boxes.filter((b) => b.width >= largest.width * LIMITS.face.minCountedFaceShare) : [];
    return mesh ? { boxes: counted, mesh } : { boxes: counted };
  } finally {
    input.dispose();
  }
}
