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

/** Square dilation of a binary mask by r (separable sliding window). */
function dilate(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    let count = 0;
    for (let x = -r; x < width + r; x++) {
      if (x + r < width && x + r >= 0) count += mask[y * width + x + r]!;
      if (x - r - 1 >= 0 && x - r - 1 < width) count -= mask[y * width + x - r - 1]!;
      if (x >= 0 && x < width) tmp[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = -r; y < height + r; y++) {
      if (y + r < height && y + r >= 0) count += tmp[(y + r) * width + x]!;
      if (y - r - 1 >= 0 && y - r - 1 < height) count -= tmp[(y - r - 1) * width + x]!;
      if (y >= 0 && y < height) out[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  return out;
}

const EDGE = 40;

export function measureBackground(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, faceW: number): BackgroundMeasure {
  const { width, height } = image;
  const person = new Uint8Array(width * height);
  for (let i = 0; i < person.length; i++) person[i] = alpha.data[i]! > 12 ? 1 : 0;
  const near = dilate(person, width, height, M.max(2, M.round(0.06 * faceW)));
  const g = luma(image);
  // Plane fit z = a + b·x + c·y by least squares over background pixels (normal equations, 3×3).
  let n = 0;
  let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0;
  let edges = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (near[i] || outside[i]) continue;
      const z = g[i]!;
      const gx = g[i + 1]! - g[i - 1]!;
      const gy = g[i + width]! - g[i - width]!;
      if (gx * gx + gy * gy > EDGE * EDGE) edges++;
      n++;
      sx += x; sy += y; sz += z; sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z;
    }
  }
  if (n < 50) return { edgeShare: 0, residualStd: 0, gradientRange: 0, pixels: n };
  const m = [
    [n, sx, sy],
    [sx, sxx, sxy],
    [sy, sxy, syy],
  ];
  const [a, b, c] = solve3(m, [sz, sxz, syz]);
  let res2 = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (near[i] || outside[i]) continue;
      res2 += (g[i]! - (a + b * x + c * y)) ** 2;
    }
  }
  return { edgeShare: edges / n, residualStd: M.sqrt(res2 / n), gradientRange: M.abs(b) * width + M.abs(c) * height, pixels: n };
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
