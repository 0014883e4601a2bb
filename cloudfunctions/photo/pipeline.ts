/**
 * The engine's stages, each a small function with a typed result:
 * decode → face → region (roll corrected) → matte → framing/geometry → checks; `make` adds compose → encode.
 */
import { refineMatteWithin, type Matte, type MatteVariant } from './matte';
import { segment } from './matte/segment';
import type { AlphaImage, Box } from './image';
import { decode, type Decoded } from './decode';
import { detectFaces, type FaceDetection, type FaceDetectors, type Point3 } from './face';
import { hairLineY, measureFace, type FaceMeasure } from './landmarks';
import { cutRegion, type Region } from './region';
import { measureFraming, type Framing } from './framing';
import { solveGeometry, type Geometry, type GeometryResult } from './geometry';
import { LIMITS } from './limits';
import { phash } from './phash';

export type Timer = { timingMs: Record<string, number>; stage<T>(name: string, f: () => Promise<T> | T): Promise<T> };

export function timer(): Timer {
  const timingMs: Record<string, number> = {};
  return {
    timingMs,
    async stage(name, f) {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        timingMs[name] = Math.round((timingMs[name] ?? 0) + performance.now() - t0);
      }
    },
  };
}

export type FaceStage = { detection: FaceDetection; measure?: FaceMeasure; insideSource: boolean };

export type Analysis = {
  decoded: Decoded;
  phash: string;
  face: FaceStage;
  /** Present when a face was measured. */
  person?: {
    region: Region;
    matte: Matte;
    framing: Framing;
    midU: number;
    eyeV: number;
    faceW: number;
    geometry: GeometryResult;
  };
};

/** Region px kept around the planned crop: the refinement's filters and the re-rendered crop reach a little further. */
const CROP_MARGIN = 32;

/** The region px an output geometry reads, grown by `margin`. */
function outputBox(g: Geometry, margin: number): Box {
  return { x: g.ox - margin, y: g.oy - margin, width: g.width / g.s + 2 * margin, height: g.height / g.s + 2 * margin };
}

/** Whether `outer` holds `inner`, both clipped to `bounds`. */
function contains(outer: Box, inner: Box, bounds: Box): boolean {
  const x0 = Math.max(bounds.x, inner.x);
  const y0 = Math.max(bounds.y, inner.y);
  const x1 = Math.min(bounds.x + bounds.width, inner.x + inner.width);
  const y1 = Math.min(bounds.y + bounds.height, inner.y + inner.height);
  return x0 >= outer.x && y0 >= outer.y && x1 <= outer.x + outer.width && y1 <= outer.y + outer.height;
}

/** Whether the first `count` points lie within 2 px of the image (a loop, not an arrow made per call and compiled again per photo). */
function meshInside(mesh: Point3[], count: number, width: number, height: number): boolean {
  for (let i = 0, n = Math.min(count, mesh.length); i < n; i++) {
    const p = mesh[i]!;
    if (!(p.x >= -2 && p.y >= -2 && p.x <= width + 2 && p.y <= height + 2)) return false;
  }
  return true;
}

function faceStage(detection: FaceDetection, decoded: Decoded): FaceStage {
  if (!detection.mesh) return { detection, insideSource: false };
  const { width, height } = decoded.image;
  // Landmarks the mesh had to guess outside the picture mean the face is cut by the frame.
  const insideSource = meshInside(detection.mesh, 468, width, height);
  return { detection, measure: measureFace(detection.mesh), insideSource };
}

function scaleDetection(d: FaceDetection, k: number): FaceDetection {
  const boxes = d.boxes.map((b) => ({ x: b.x * k, y: b.y * k, width: b.width * k, height: b.height * k }));
  return d.mesh ? { boxes, mesh: d.mesh.map((p) => ({ x: p.x * k, y: p.y * k, z: p.z * k })) } : { boxes };
}

export async function analyse(input: Buffer, detectors: FaceDetectors, sizeFactor: number, t: Timer, variant: MatteVariant = 'standard'): Promise<Analysis> {
  let decoded = await t.stage('decode', () => decode(input, { quick: true }));
  const hash = await t.stage('phash', () => phash(decoded.image));
  let face = await t.stage('face', async (): Promise<FaceStage> => faceStage(await detectFaces(detectors, decoded.image), decoded));
  const faceWidth = face.measure?.faceWidth;
  if (faceWidth !== undefined && faceWidth < LIMITS.output.faceWidth.target * sizeFactor && decoded.scale < 1) {
    // The quick decode left the face smaller than the output needs: decode at full working size, same face.
    const full = await t.stage('decode', () => decode(input, { crop: decoded.crop }));
    if (full.image.width > decoded.image.width) {
      const k = full.image.width / decoded.image.width;
      face = faceStage(scaleDetection(face.detection, k), full);
      decoded = full;
    }
  }
  const analysis: Analysis = { decoded, phash: hash, face };
  const { measure, detection } = face;
  if (!measure || !detection.mesh) return analysis;
  const region = await t.stage('region', () => cutRegion(decoded.image, measure, detection.mesh!, sizeFactor));
  const mesh = region.mesh;
  const midU = (mesh[234]!.x + mesh[454]!.x) / 2;
  const eyeV = (mesh[468]!.y + mesh[473]!.y) / 2;
  const faceW = measure.faceWidth * region.k;
  // The probability and its 8-bit alpha (the coarse matte) come from one pass over the region.
  const { prob, coarse } = await t.stage('matte', () => segment(region.image, variant));
  const plan = (alpha: AlphaImage) => {
    const framing = measureFraming(alpha, region.outside, midU, eyeV, faceW, LIMITS.framing.touchShareOfFace);
    const geometry = solveGeometry({ eyeV, midU, faceW, framing, regionPerSource: region.k * decoded.scale, sizeFactor });
    return { framing, geometry };
  };
  const { width, height } = region.image;
  // Framed first on the model's coarse matte, to refine only the crop the output needs (plus a margin for
  // the second render's correction); then framed again on the refined matte, as precisely as before.
  const rough = await t.stage('geometry', () => plan(coarse));
  const whole: Box = { x: 0, y: 0, width, height };
  // The coarse alpha is not needed after the rough plan: the matte takes it over outside the refined crop.
  const hints = { hairAbove: hairLineY(mesh, faceW), faceWidth: faceW };
  let matte = await t.stage('matte', () => refineMatteWithin(region.image, prob, rough.geometry.ok ? outputBox(rough.geometry.geometry, CROP_MARGIN) : whole, hints, coarse));
  let { framing, geometry } = await t.stage('geometry', () => plan(matte.alpha));
  if (geometry.ok && !contains(matte.refined, outputBox(geometry.geometry, CROP_MARGIN / 2), whole)) {
    matte = await t.stage('matte', () => refineMatteWithin(region.image, prob, whole, hints));
    ({ framing, geometry } = await t.stage('geometry', () => plan(matte.alpha)));
  }
  analysis.person = { region, matte, framing, midU, eyeV, faceW, geometry };
  return analysis;
}
