/**
 * The engine's stages, each a small function with a typed result:
 * decode → face → region (roll corrected) → matte → framing/geometry → checks; `make` adds compose → encode.
 */
import type { Matte, MatteVariant } from './matte';
import { computeMatte } from './matte';
import { decode, type Decoded } from './decode';
import { detectFaces, type FaceDetection, type FaceDetectors } from './face';
import { measureFace, type FaceMeasure } from './landmarks';
import { cutRegion, type Region } from './region';
import { measureFraming, type Framing } from './framing';
import { solveGeometry, type GeometryResult } from './geometry';
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

export async function analyse(input: Buffer, detectors: FaceDetectors, sizeFactor: number, t: Timer, variant: MatteVariant = 'standard'): Promise<Analysis> {
  const decoded = await t.stage('decode', () => decode(input));
  const hash = phash(decoded.image);
  const face = await t.stage('face', async (): Promise<FaceStage> => {
    const detection = await detectFaces(detectors, decoded.image);
    if (!detection.mesh) return { detection, insideSource: false };
    const { width, height } = decoded.image;
    // Landmarks the mesh had to guess outside the picture mean the face is cut by the frame.
    const insideSource = detection.mesh.slice(0, 468).every((p) => p.x >= -2 && p.y >= -2 && p.x <= width + 2 && p.y <= height + 2);
    return { detection, measure: measureFace(detection.mesh), insideSource };
  });
  const analysis: Analysis = { decoded, phash: hash, face };
  const { measure, detection } = face;
  if (!measure || !detection.mesh) return analysis;
  const region = await t.stage('region', () => cutRegion(decoded.image, measure, detection.mesh!, sizeFactor));
  const mesh = region.mesh;
  const midU = (mesh[234]!.x + mesh[454]!.x) / 2;
  const eyeV = (mesh[468]!.y + mesh[473]!.y) / 2;
  const faceW = measure.faceWidth * region.k;
  const faceBox = { x: midU - faceW / 2, y: eyeV - 0.6 * faceW, width: faceW, height: 1.4 * faceW };
  const matte = await t.stage('matte', () => computeMatte(region.image, { faceBox }, variant));
  const { framing, geometry } = await t.stage('geometry', () => {
    const framing = measureFraming(matte.alpha, region.outside, midU, eyeV, faceW, LIMITS.framing.touchShareOfFace);
    const geometry = solveGeometry({ eyeV, midU, faceW, framing, regionPerSource: region.k * decoded.scale, sizeFactor });
    return { framing, geometry };
  });
  analysis.person = { region, matte, framing, midU, eyeV, faceW, geometry };
  return analysis;
}
