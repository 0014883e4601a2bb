/**
 * What the matte tells about framing: where the top of the head (hair) is, and which edges of the source the
 * person touches (a touched edge may not be padded with new background).
 */
import type { AlphaImage } from './image';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

export type Framing = {
  /** Region row of the top of the head, or 0 when the head reaches the top of the source. */
  headTopV: number;
  touches: { top: boolean; bottom: boolean; left: boolean; right: boolean };
  /** The inscribed rectangle of the region that lies inside the source. */
  valid: { left: number; right: number; top: number; bottom: number };
};

/** A pixel is person for the edge contacts at half coverage… */
const PERSON = 128;
/** …and for the top of the head already at faint hair, as a reviewer sees the top of the hair on the output. */
const HAIR = 48;

export function measureFraming(alpha: AlphaImage, outside: Uint8Array, midU: number, eyeV: number, faceW: number, touchShare: number): Framing {
  const { width, height, data } = alpha;
  // Locals rather than object fields in the per-pixel loop; pixels beyond the source only move the valid
  // rectangle, pixels inside it count only as person next to a pixel beyond an edge.
  let top = 0, bottom = 0, left = 0, right = 0;
  let validTop = 0, validBottom = height, validLeft = 0, validRight = width;
  for (let v = 0; v < height; v++) {
    const row = v * width;
    for (let u = 0; u < width; u++) {
      const i = row + u;
      const o = outside[i]!;
      if (o !== 0) {
        if (o & 1 && v + 1 > validTop) validTop = v + 1;
        if (o & 2 && v < validBottom) validBottom = v;
        if (o & 4 && u + 1 > validLeft) validLeft = u + 1;
        if (o & 8 && u < validRight) validRight = u;
        continue;
      }
      if (data[i]! < PERSON) continue;
      if (v > 0 && outside[i - width]! & 1) top++;
      if (v < height - 1 && outside[i + width]! & 2) bottom++;
      if (u > 0 && outside[i - 1]! & 4) left++;
      if (u < width - 1 && outside[i + 1]! & 8) right++;
    }
  }
  const counts = { top, bottom, left, right };
  const valid = { left: validLeft, right: validRight, top: validTop, bottom: validBottom };
  const minTouch = M.max(2, touchShare * faceW);
  const touches = {
    top: counts.top >= minTouch,
    bottom: counts.bottom >= minTouch,
    left: counts.left >= minTouch,
    right: counts.right >= minTouch,
  };
  // The first row above the eyes where the person spans a few pixels of the head's column band.
  const u0 = M.max(0, M.round(midU - 0.5 * faceW));
  const u1 = M.min(width, M.round(midU + 0.5 * faceW));
  const minRun = M.max(3, 0.05 * faceW);
  let headTopV = M.round(eyeV);
  for (let v = 0; v < M.min(height, eyeV); v++) {
    let n = 0;
    for (let u = u0; u < u1; u++) if (data[v * width + u]! >= HAIR && outside[v * width + u] === 0) n++;
    if (n >= minRun) {
      headTopV = v;
      break;
    }
  }
  if (touches.top && headTopV <= valid.top + 1) headTopV = valid.top;
  return { headTopV, touches, valid };
}
