/**
 * Region stage: the part of the photo any compliant crop can come from, rotated upright (roll corrected) and
 * resampled so the face is about as wide as in the output. The matte, the checks and the geometry all work
 * here, so their cost does not grow with the camera's megapixels.
 */
import type { Point, RgbImage } from './image';
import type { FaceMeasure } from './landmarks';
import type { Point3 } from './face';
import { LIMITS } from './limits';
import { applyAffine, warpRgb, type Affine } from './pixels';

export type Region = {
  image: RgbImage;
  /** Per pixel: which source edge it lies beyond (1 top, 2 bottom, 4 left, 8 right), 0 inside the source. */
  outside: Uint8Array;
  /** region px → decoded px. */
  toDecoded: Affine;
  /** region px per decoded px. */
  k: number;
  /** The face mesh in region coordinates. */
  mesh: Point3[];
};

/** Extents around the eye centre, in face widths; a little more than the widest compliant crop needs. */
const EXTENT = { left: 1.45, right: 1.45, up: 1.8, down: 2.55 };

export function cutRegion(image: RgbImage, face: FaceMeasure, mesh: Point3[], outputScale: number): Region {
  const corrected = Math.abs(face.rollDeg) <= LIMITS.face.maxRollCorrectedDeg ? face.rollDeg : 0;
  const theta = (corrected * Math.PI) / 180;
  const faceInRegion = Math.min(face.faceWidth, LIMITS.output.faceWidth.target * outputScale);
  const k = faceInRegion / face.faceWidth;
  const w = face.faceWidth * k;
  const width = Math.round(w * (EXTENT.left + EXTENT.right));
  const height = Math.round(w * (EXTENT.up + EXTENT.down));
  const u0 = w * EXTENT.left;
  const v0 = w * EXTENT.up;
  const cos = Math.cos(theta) / k;
  const sin = Math.sin(theta) / k;
  const c = face.eyeCenter;
  const toDecoded: Affine = {
    a: cos,
    b: -sin,
    c: c.x - cos * u0 + sin * v0,
    d: sin,
    e: cos,
    f: c.y - sin * u0 - cos * v0,
  };
  const { image: region, outside } = warpRgb(image, toDecoded, width, height);
  return { image: region, outside, toDecoded, k, mesh: meshInRegion(mesh, invert(toDecoded), k) };
}

/**
 * The mesh under `toRegion`, z scaled by `k`. A plain loop and one `{ x, y, z }` literal, the shape every other
 * mesh point has: a spread made a map of its own that died with each photo's mesh at a mark-compact and took
 * the optimised code of its readers (measureFacePixels) with it.
 */
function meshInRegion(mesh: Point3[], toRegion: Affine, k: number): Point3[] {
  const out: Point3[] = [];
  for (let i = 0; i < mesh.length; i++) {
    const p = mesh[i]!;
    const q = applyAffine(toRegion, p.x, p.y);
    out.push({ x: q.x, y: q.y, z: p.z * k });
  }
  return out;
}

export function invert(m: Affine): Affine {
  const det = m.a * m.e - m.b * m.d;
  const a = m.e / det;
  const b = -m.b / det;
  const d = -m.d / det;
  const e = m.a / det;
  return { a, b, c: -(a * m.c + b * m.f), d, e, f: -(d * m.c + e * m.f) };
}

export function mapPoint(m: Affine, p: Point): Point {
  return applyAffine(m, p.x, p.y);
}
