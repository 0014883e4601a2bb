/**
 * The source background around the person (in the region, away from the matte's edge): is it one plain
 * colour, and does the clothing differ from the new background colour?
 */
import type { AlphaImage, Rgb, RgbImage } from '../image';
import { luma } from '../pixels';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

export type BackgroundMeasure = {
  /** Share of background pixels on a strong edge. */
  edgeShare: number;
  /** Spread (grey levels) of the background after removing a plane fitted to it. */
  residualStd: number;
  /** Brightness change the fitted plane makes across the region (a gradient). */
  gradientRange: number;
  /** Background pixels measured; 0 when the person fills the region. */
  pixels: number;
};

/**
 * Square dilation by r of the mask `alpha > threshold` (separable sliding window; the vertical pass slides
 * whole rows, so it reads memory in order).
 */
function dilate(alpha: Uint8Array, threshold: number, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(alpha.length);
  const out = new Uint8Array(alpha.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let count = 0;
    for (let x = 0; x < r && x < width; x++) if (alpha[row + x]! > threshold) count++;
    for (let x = 0; x < width; x++) {
      if (x + r < width && alpha[row + x + r]! > threshold) count++;
      if (x - r - 1 >= 0 && alpha[row + x - r - 1]! > threshold) count--;
      tmp[row + x] = count > 0 ? 1 : 0;
    }
  }
  const counts = new Int32Array(width);
  for (let y = 0; y < r && y < height; y++) for (let x = 0; x < width; x++) counts[x]! += tmp[y * width + x]!;
  for (let y = 0; y < height; y++) {
    if (y + r < height) for (let x = 0, i = (y + r) * width; x < width; x++, i++) counts[x]! += tmp[i]!;
    if (y - r - 1 >= 0) for (let x = 0, i = (y - r - 1) * width; x < width; x++, i++) counts[x]! -= tmp[i]!;
    for (let x = 0, i = y * width; x < width; x++, i++) out[i] = counts[x]! > 0 ? 1 : 0;
  }
  return out;
}

const EDGE = 40;
const SAMPLE_STEP = 2;
/** Fewest sampled background pixels for a judgement (a quarter of the 50 it was per pixel). */
const MIN_PIXELS = 13;

export function measureBackground(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, faceW: number): BackgroundMeasure {
  const { width, height } = image;
  const near = dilate(alpha.data, 12, width, height, M.max(2, M.round(0.06 * faceW)));
  const g = luma(image);
  // Plane fit z = a + b·x + c·y by least squares over background pixels (normal equations, 3×3); the residual
  // from the same sums (Σ(z − a − bx − cy)² expanded), so one pass. Every second pixel of every second row:
  // shares and spreads of a plain wall need no more, and the gradient still uses the full-resolution neighbours.
  let n = 0;
  let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, szz = 0;
  let edges = 0;
  for (let y = 1; y < height - 1; y += SAMPLE_STEP) {
    for (let x = 1; x < width - 1; x += SAMPLE_STEP) {
      const i = y * width + x;
      if (near[i] || outside[i]) continue;
      const z = g[i]!;
      const gx = g[i + 1]! - g[i - 1]!;
      const gy = g[i + width]! - g[i - width]!;
      if (gx * gx + gy * gy > EDGE * EDGE) edges++;
      n++;
      sx += x; sy += y; sz += z; sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z; szz += z * z;
    }
  }
  if (n < MIN_PIXELS) return { edgeShare: 0, residualStd: 0, gradientRange: 0, pixels: n };
  const m = [
    [n, sx, sy],
    [sx, sxx, sxy],
    [sy, sxy, syy],
  ];
  const [a, b, c] = solve3(m, [sz, sxz, syz]);
  const res2 = szz - 2 * (a * sz + b * sxz + c * syz) + a * a * n + b * b * sxx + c * c * syy + 2 * (a * b * sx + a * c * sy + b * c * sxy);
  return { edgeShare: edges / n, residualStd: M.sqrt(M.max(0, res2) / n), gradientRange: M.abs(b) * width + M.abs(c) * height, pixels: n };
}

function solve3(m: number[][], r: number[]): [number, number, number] {
  const det = (q: number[][]): number =>
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!);
  const d = det(m);
  if (M.abs(d) < 1e-9) return [r[0]! / m[0]![0]!, 0, 0];
  const col = (k: number): number[][] => m.map((row, i) => row.map((v, j) => (j === k ? r[i]! : v)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/** sRGB byte → linear light, once. */
const LINEAR = Float32Array.from({ length: 256 }, (_, c) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});

/** CIE Lab's companding (at module level: a closure per pixel costs more than the arithmetic). */
function labF(t: number): number {
  return t > 0.008856 ? M.cbrt(t) : 7.787 * t + 16 / 116;
}

function toLab(r: number, g: number, b: number): Rgb {
  const R = LINEAR[r]!;
  const G = LINEAR[g]!;
  const B = LINEAR[b]!;
  const f = labF;
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** Share of clothing pixels (person, below the chin) within `deltaE` of the target background colour. */
export function clothingBlendShare(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, fromV: number, target: Rgb, deltaE: number): number {
  const { width, height, data } = image;
  const t = toLab(target[0], target[1], target[2]);
  let n = 0;
  let close = 0;
  // Every third pixel is plenty for a share.
  for (let y = M.max(0, M.round(fromV)); y < height; y += 3) {
    for (let x = 0; x < width; x += 3) {
      const i = y * width + x;
      if (alpha.data[i]! < 230 || outside[i]) continue;
      n++;
      const c = toLab(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!);
      if (M.hypot(c[0] - t[0], c[1] - t[1], c[2] - t[2]) < deltaE) close++;
    }
  }
  return n ? close / n : 0;
}
