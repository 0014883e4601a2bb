/**
 * Measurements of the face's pixels in the upright region: sharpness, brightness, the two halves, skin colour.
 */
import type { Point, RgbImage } from '../image';
import { extentOf, FACE_OVAL, INNER_LIPS } from '../landmarks';
import type { Point3 } from '../face';
import { luma, resizeRgb } from '../pixels';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/** A rectangle of whole pixels: columns x0..x0 + width − 1, rows y0..y0 + height − 1. */
type PixelBox = { x0: number; y0: number; width: number; height: number };

/** Rasterises a polygon into a mask of `box` (even-odd rule, pixel centres), clipped to the box. */
export function polygonMask(points: Point[], box: PixelBox): Uint8Array {
  const { x0, y0, width, height } = box;
  const mask = new Uint8Array(width * height);
  const { minY, maxY } = extentOf(points);
  const from = M.max(y0, M.floor(minY));
  const to = M.min(y0 + height - 1, M.ceil(maxY));
  for (let y = from; y <= to; y++) {
    const cy = y + 0.5;
    const xs: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const a = points[i]!;
      const b = points[(i + 1) % points.length]!;
      if ((a.y <= cy && b.y > cy) || (b.y <= cy && a.y > cy)) xs.push(a.x + ((cy - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    xs.sort(ascending);
    const row = (y - y0) * width - x0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const left = M.max(x0, M.ceil(xs[i]! - 0.5));
      const right = M.min(x0 + width - 1, M.floor(xs[i + 1]! - 0.5));
      for (let x = left; x <= right; x++) mask[row + x] = 1;
    }
  }
  return mask;
}

function ascending(p: number, q: number): number {
  return p - q;
}

/** The mesh's points at `indices`. */
function pick(mesh: Point3[], indices: readonly number[]): Point3[] {
  const points: Point3[] = [];
  for (let i = 0; i < indices.length; i++) points.push(mesh[indices[i]!]!);
  return points;
}

/** The pixels of the image a polygon's fill can reach (its bounding box, inside the image). */
function boxOf(points: Point[], width: number, height: number): PixelBox {
  const { minX, maxX, minY, maxY } = extentOf(points);
  const x0 = M.max(0, M.floor(minX));
  const y0 = M.max(0, M.floor(minY));
  const x1 = M.min(width - 1, M.ceil(maxX));
  const y1 = M.min(height - 1, M.ceil(maxY));
  return { x0, y0, width: M.max(0, x1 - x0 + 1), height: M.max(0, y1 - y0 + 1) };
}

export type FacePixels = {
  /** 0..1: 1 − exp(−var(Laplacian)/K) of the face at a fixed 160-px face width, at a mid-grey brightness. */
  sharpness: number;
  meanLuma: number;
  clippedShare: number;
  /** |left − right| / mean of the two halves' luma. */
  halfDifference: number;
  /** Skin hue angle in the CbCr plane (deg) and chroma relative to luma. */
  skinHue: number;
  skinChroma: number;
  /** Share of the inner-mouth area that is bright and unsaturated (teeth). */
  teethShare: number;
};

const SHARPNESS_K = 60;

function sharpnessOf(image: RgbImage, box: { x: number; y: number; width: number; height: number }): number {
  const x0 = M.max(0, M.round(box.x));
  const y0 = M.max(0, M.round(box.y));
  const w = M.min(image.width - x0, M.round(box.width));
  const h = M.min(image.height - y0, M.round(box.height));
  if (w < 8 || h < 8) return 0;
  const crop = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) crop.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  const tw = 160;
  const th = M.max(8, M.round((h * tw) / w));
  const g = luma(resizeRgb({ data: crop, width: w, height: h }, tw, th));
  let sum = 0;
  let sum2 = 0;
  let n = 0;
  for (let y = 1; y < th - 1; y++) {
    for (let x = 1; x < tw - 1; x++) {
      const i = y * tw + x;
      const l = g[i - 1]! + g[i + 1]! + g[i - tw]! + g[i + tw]! - 4 * g[i]!;
      sum += l;
      sum2 += l * l;
      n++;
    }
  }
  const variance = sum2 / n - (sum / n) ** 2;
  // Laplacian variance grows with the square of brightness; judge sharpness, not exposure.
  let mean = 0;
  for (let i = 0; i < g.length; i++) mean += g[i]!;
  const gain = M.max(0.25, mean / g.length / 128);
  return 1 - M.exp(-variance / (SHARPNESS_K * gain * gain));
}

/** faceSums' results, by index: pixels, Σ luma, clipped pixels, Σ luma and count of the left and the right cheek, Σ Cb, Σ Cr. */
const N = 0, SUM_L = 1, CLIPPED = 2, LEFT = 3, N_LEFT = 4, RIGHT = 5, N_RIGHT = 6, CB = 7, CR = 8;

/**
 * The sums over the face's pixels (the oval without the inner lips; the halves and the skin colour from the
 * cheeks and forehead) into `out`. The hot loop is a function of its own, and its results go to a typed array:
 * a returned object literal was compiled on stack replacement with its map's feedback cleared by the last
 * mark-compact, deoptimised there and compiled again photo after photo.
 */
function faceSums(image: RgbImage, box: PixelBox, oval: Uint8Array, lips: Uint8Array, eyeY: number, chinY: number, midU: number, faceW: number, out: Float64Array): void {
  const { width, data } = image;
  let n = 0;
  let sumL = 0;
  let clipped = 0;
  let left = 0;
  let nLeft = 0;
  let right = 0;
  let nRight = 0;
  let cb = 0;
  let cr = 0;
  for (let v = box.y0, j = 0; v < box.y0 + box.height; v++) {
    for (let u = box.x0; u < box.x0 + box.width; u++, j++) {
      if (!oval[j] || lips[j]) continue;
      const i = v * width + u;
      const r = data[i * 3]!;
      const g = data[i * 3 + 1]!;
      const b = data[i * 3 + 2]!;
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      n++;
      sumL += l;
      if (l >= 250) clipped++;
      // Cheeks and forehead only for the halves and the skin colour: eyes, brows and hair would skew them.
      if (v < eyeY - 0.05 * faceW || v > chinY - 0.15 * faceW) continue;
      const offset = M.abs(u - midU);
      if (offset > 0.08 * faceW && offset < 0.32 * faceW) {
        if (u < midU) {
          left += l;
          nLeft++;
        } else {
          right += l;
          nRight++;
        }
      }
      cb += -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr += 0.5 * r - 0.418688 * g - 0.081312 * b;
    }
  }
  out[N] = n;
  out[SUM_L] = sumL;
  out[CLIPPED] = clipped;
  out[LEFT] = left;
  out[N_LEFT] = nLeft;
  out[RIGHT] = right;
  out[N_RIGHT] = nRight;
  out[CB] = cb;
  out[CR] = cr;
}

/** Share of the inner-mouth pixels (`lips` over the face box) that are bright and unsaturated (teeth). */
function teethShareOf(image: RgbImage, box: PixelBox, lipBox: PixelBox, lips: Uint8Array, meanLuma: number): number {
  const { width, data } = image;
  let teeth = 0;
  let nLips = 0;
  // Only the lips' own box can hold lip pixels (the mask is the face box's, clipped to its rows).
  const lipRows = M.min(box.y0 + box.height, lipBox.y0 + lipBox.height);
  for (let v = M.max(box.y0, lipBox.y0); v < lipRows; v++) {
    for (let u = lipBox.x0, j = (v - box.y0) * box.width + (u - box.x0); u < lipBox.x0 + lipBox.width; u++, j++) {
      if (!lips[j]) continue;
      const i = v * width + u;
      nLips++;
      const r = data[i * 3]!;
      const g = data[i * 3 + 1]!;
      const b = data[i * 3 + 2]!;
      const max = M.max(r, g, b);
      const sat = max ? (max - M.min(r, g, b)) / max : 0;
      if (0.299 * r + 0.587 * g + 0.114 * b > M.max(90, 0.85 * meanLuma) && sat < 0.35) teeth++;
    }
  }
  return nLips ? teeth / nLips : 0;
}

export function measureFacePixels(image: RgbImage, mesh: Point3[], midU: number, faceW: number): FacePixels {
  const { width, height } = image;
  const ovalPoints = pick(mesh, FACE_OVAL);
  const lipPoints = pick(mesh, INNER_LIPS);
  // Only the face's box is rasterised and read: its rows, and the columns of the oval and the lips.
  const ovalBox = boxOf(ovalPoints, width, height);
  const lipBox = boxOf(lipPoints, width, height);
  const x0 = M.min(ovalBox.x0, lipBox.x0);
  const x1 = M.min(width, M.max(ovalBox.x0 + ovalBox.width, lipBox.x0 + lipBox.width));
  const box = { x0, y0: ovalBox.y0, width: M.max(0, x1 - x0), height: ovalBox.height };
  const oval = polygonMask(ovalPoints, box);
  const lips = polygonMask(lipPoints, box);
  const eyeY = (mesh[468]!.y + mesh[473]!.y) / 2;
  const chinY = mesh[152]!.y;
  const sums = new Float64Array(9);
  faceSums(image, box, oval, lips, eyeY, chinY, midU, faceW, sums);
  const n = sums[N]!;
  const sumL = sums[SUM_L]!;
  const nLeft = sums[N_LEFT]!;
  const nRight = sums[N_RIGHT]!;
  const left = sums[LEFT]!;
  const right = sums[RIGHT]!;
  const cb = sums[CB]!;
  const cr = sums[CR]!;
  const meanLuma = n ? sumL / n : 0;
  const lMean = nLeft ? left / nLeft : 0;
  const rMean = nRight ? right / nRight : 0;
  const nSkin = nLeft + nRight;
  const mCb = nSkin ? cb / nSkin : 0;
  const mCr = nSkin ? cr / nSkin : 0;
  const faceBox = { x: midU - 0.35 * faceW, y: eyeY - 0.15 * faceW, width: 0.7 * faceW, height: chinY - eyeY + 0.1 * faceW };
  return {
    sharpness: sharpnessOf(image, faceBox),
    meanLuma,
    clippedShare: n ? sums[CLIPPED]! / n : 0,
    halfDifference: lMean + rMean > 0 ? M.abs(lMean - rMean) / ((lMean + rMean) / 2) : 0,
    skinHue: (M.atan2(mCr, mCb) * 180) / M.PI,
    skinChroma: meanLuma > 0 ? M.hypot(mCb, mCr) / meanLuma : 0,
    teethShare: teethShareOf(image, box, lipBox, lips, meanLuma),
  };
}
