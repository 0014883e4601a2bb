/** What the face mesh says about the face: eye line, width, pose, eyes and mouth (MediaPipe 478-point indices). */
import type { Point } from './image';
import type { Point3 } from './face';

/** MediaPipe FaceMesh indices (the subject's right eye is on the image's left). */
const IDX = {
  irisA: 468,
  irisB: 473,
  eyeA: { outer: 33, inner: 133, upper: 159, lower: 145 },
  eyeB: { outer: 263, inner: 362, upper: 386, lower: 374 },
  cheekA: 234,
  cheekB: 454,
  forehead: 10,
  chin: 152,
  noseTip: 1,
  mouthLeft: 61,
  mouthRight: 291,
  lipInnerUpper: 13,
  lipInnerLower: 14,
} as const;

export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136,
  172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

/**
 * The smallest and largest x and y of `points`, folded pair by pair as Math.min(...xs) does (no arrays or
 * closures per call: the callers run once per photo and their optimised code must survive it).
 */
export function extentOf(points: readonly Point[]): { minX: number; maxX: number; minY: number; maxY: number } {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  return { minX, maxX, minY, maxY };
}

export const INNER_LIPS = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95] as const;

export type FaceMeasure = {
  eyeA: Point;
  eyeB: Point;
  eyeCenter: Point;
  /** Degrees, positive when the line from the image-left eye to the image-right eye goes down. */
  rollDeg: number;
  yawDeg: number;
  pitchDeg: number;
  /** Cheek to cheek, px. */
  faceWidth: number;
  /** Eyelid gap over eye width, the smaller of both eyes. */
  eyeOpen: number;
  /** Inner-lip gap over mouth width. */
  mouthGap: number;
  chin: Point;
  forehead: Point;
};

/**
 * In a level, frontal face the mesh's forehead-to-chin line leans back by about this much (median of the
 * frontal fixtures: 9.8°–14.9°); pitch is measured from it.
 */
const PITCH_NEUTRAL_DEG = 10;

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const deg = (rad: number): number => (rad * 180) / Math.PI;

/**
 * The row above which the head shows only hair or headwear, and the backdrop between them: the forehead's top
 * landmark, less a tenth of the face width so that skin at a hairline the mesh places a little high stays below.
 */
export function hairLineY(mesh: Point3[], faceWidth: number): number {
  return meshPoint(mesh, IDX.forehead).y - 0.1 * faceWidth;
}

/** Point i of the mesh; a mesh without it is not the 478-point one the engine was written against. */
function meshPoint(mesh: Point3[], i: number): Point3 {
  const q = mesh[i];
  if (!q) throw new Error(`face mesh has no point ${i}`);
  return q;
}

export function measureFace(mesh: Point3[]): FaceMeasure {
  const p = (i: number): Point3 => meshPoint(mesh, i);
  const eyeA = p(IDX.irisA);
  const eyeB = p(IDX.irisB);
  const rollDeg = deg(Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x));
  const cheekA = p(IDX.cheekA);
  const cheekB = p(IDX.cheekB);
  // The mesh's z has the scale of x; the cheek-to-cheek line turns in x–z with yaw, forehead-to-chin in y–z with pitch.
  const yawDeg = deg(Math.atan2(cheekB.z - cheekA.z, Math.hypot(cheekB.x - cheekA.x, cheekB.y - cheekA.y)));
  const forehead = p(IDX.forehead);
  const chin = p(IDX.chin);
  const pitchDeg = deg(Math.atan2(chin.z - forehead.z, Math.hypot(chin.x - forehead.x, chin.y - forehead.y))) - PITCH_NEUTRAL_DEG;
  const open = (e: { outer: number; inner: number; upper: number; lower: number }): number =>
    dist(p(e.upper), p(e.lower)) / Math.max(1e-6, dist(p(e.outer), p(e.inner)));
  return {
    eyeA,
    eyeB,
    eyeCenter: { x: (eyeA.x + eyeB.x) / 2, y: (eyeA.y + eyeB.y) / 2 },
    rollDeg,
    yawDeg,
    pitchDeg,
    faceWidth: dist(cheekA, cheekB),
    eyeOpen: Math.min(open(IDX.eyeA), open(IDX.eyeB)),
    mouthGap: dist(p(IDX.lipInnerUpper), p(IDX.lipInnerLower)) / Math.max(1e-6, dist(p(IDX.mouthLeft), p(IDX.mouthRight))),
    chin,
    forehead,
  };
}
