/**
 * The source background around the person (in the region, away from the matte's edge): is it one plain
 * colour, and does the clothing differ from the new background colour?
 */
import type { AlphaImage, Rgb, RgbImage } from '../image';

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

const EDGE = 40;
const SAMPLE_STEP = 2;
/** Fewest sampled background pixels for a judgement (a quarter of the 50 it was per pixel). */
const MIN_PIXELS = 13;
/** Alpha above which a pixel counts as person for the margin kept away from the matte's edge. */
const PERSON = 12;

/** Rec. 601 luma of pixel `i`, rounded to float32 as `luma()` stores it, so the sums match it exactly. */
function lumaAt(data: Uint8Array, i: number): number {
  return M.fround(0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!);
}

/** Per byte of a word, b + 115 reaches bit 7 exactly when b > 12 (PERSON) or bit 7 is already set. */
const OVER_PERSON = 0x73737373;
/** Subtracting 13 from each byte borrows into bit 7 (of a byte whose bit 7 was clear) exactly when b ≤ 12. */
const UP_TO_PERSON = 0x0d0d0d0d;
const HIGH_BITS = 0x80808080;

/**
 * The first column in [from, end) of the row starting at pixel `row` that is person (alpha > PERSON) when
 * `person`, or that is not otherwise; `end` when there is none. Four pixels at a time where `words` (the alpha
 * as aligned 32-bit words, or empty) allow: a word is only read byte by byte when it holds such a pixel.
 */
function nextRun(alpha: Uint8Array, words: Uint32Array, row: number, from: number, end: number, person: boolean): number {
  let i = row + from;
  const stop = row + end;
  for (; i < stop && (i & 3) !== 0; i++) if (alpha[i]! > PERSON === person) return i - row;
  if (words.length) {
    for (; i + 4 <= stop; i += 4) {
      const w = words[i >> 2]!;
      const found = person ? ((w + OVER_PERSON) | w) & HIGH_BITS : (w - UP_TO_PERSON) & ~w & HIGH_BITS;
      if (found !== 0) break;
    }
  }
  for (; i < stop; i++) if (alpha[i]! > PERSON === person) return i - row;
  return end;
}

/**
 * One sweep over the rows, never building full-size buffers: a sampled pixel (every second pixel of every
 * second row) is near the person when some pixel within the square of radius r has alpha > PERSON. Each
 * column keeps the last row (up to r rows ahead) whose horizontal window held person, so row y is judged
 * once row y + r has been read; a row's person pixels are found as runs, four pixels at a time (a matte row
 * holds one or two); luma is computed only at background samples and their four neighbours.
 */
export function measureBackground(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, faceW: number): BackgroundMeasure {
  const { width, height } = image;
  const sums = new Float64Array(11);
  backgroundSums(image, alpha, outside, M.max(2, M.round(0.06 * faceW)), sums);
  const [n, edges, sx, sy, sz, sxx, syy, sxy, sxz, syz, szz] = Array.from(sums) as Sums;
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

type Sums = [number, number, number, number, number, number, number, number, number, number, number];

/**
 * The background samples' count, strong edges and the plane fit's sums (Σx, Σy, Σz, Σx², Σy², Σxy, Σxz, Σyz,
 * Σz²) into `out`, in that order; r: the margin kept from the person. measureBackground's sweep in a function of
 * its own, its results in a typed array: inside the long function it was compiled on stack replacement without
 * type feedback for the plane fit after it, and a returned object literal lost its map's feedback at each
 * mark-compact; either way it was deoptimised there and compiled again photo after photo.
 */
function backgroundSums(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, r: number, out: Float64Array): void {
  const { width, height, data } = image;
  const person = alpha.data;
  // Sampled columns x = 1, 3, 5, … < width − 1 (index j = (x − 1) / 2); rows likewise.
  const columns = M.max(0, M.floor((width - 1) / SAMPLE_STEP));
  const lastPersonRow = new Int32Array(columns).fill(-1 - 2 * r);
  const words = person.byteOffset % 4 === 0 ? new Uint32Array(person.buffer, person.byteOffset, person.length >> 2) : new Uint32Array(0);
  // Plane fit z = a + b·x + c·y by least squares over background pixels (normal equations, 3×3); the residual
  // from the same sums (Σ(z − a − bx − cy)² expanded), so one pass. Shares and spreads of a plain wall need no
  // more samples, and the gradient still uses the full-resolution neighbours.
  let n = 0;
  let sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, sxy = 0, sxz = 0, syz = 0, szz = 0;
  let edges = 0;
  for (let p = 0; p < height + r; p++) {
    if (p < height) {
      // Row p's horizontal windows [x − r, x + r] at the sampled columns x = 1 + 2j: a run of person pixels
      // [q0, q1] lies in the windows of j from ⌈(q0 − r − 1) / 2⌉ to ⌊(q1 + r − 1) / 2⌋.
      const row = p * width;
      for (let q = nextRun(person, words, row, 0, width, true); q < width; ) {
        const end = nextRun(person, words, row, q, width, false);
        const from = M.max(0, M.ceil((q - r - 1) / 2));
        const to = M.min(columns, M.floor((end - 1 + r - 1) / 2) + 1);
        if (from < to) lastPersonRow.fill(p, from, to);
        q = nextRun(person, words, row, end, width, true);
      }
    }
    const y = p - r;
    if (y < 1 || (y & 1) === 0 || y >= height - 1) continue;
    for (let j = 0; j < columns; j++) {
      const x = 1 + SAMPLE_STEP * j;
      if (x >= width - 1) break;
      const i = y * width + x;
      if (lastPersonRow[j]! >= y - r || outside[i]) continue;
      const z = lumaAt(data, i);
      const gx = lumaAt(data, i + 1) - lumaAt(data, i - 1);
      const gy = lumaAt(data, i + width) - lumaAt(data, i - width);
      if (gx * gx + gy * gy > EDGE * EDGE) edges++;
      n++;
      sx += x; sy += y; sz += z; sxx += x * x; syy += y * y; sxy += x * y; sxz += x * z; syz += y * z; szz += z * z;
    }
  }
  out[0] = n;
  out[1] = edges;
  out[2] = sx;
  out[3] = sy;
  out[4] = sz;
  out[5] = sxx;
  out[6] = syy;
  out[7] = sxy;
  out[8] = sxz;
  out[9] = syz;
  out[10] = szz;
}

/** The determinant of a 3×3 matrix. */
function det3(q: number[][]): number {
  return (
    q[0]![0]! * (q[1]![1]! * q[2]![2]! - q[1]![2]! * q[2]![1]!) -
    q[0]![1]! * (q[1]![0]! * q[2]![2]! - q[1]![2]! * q[2]![0]!) +
    q[0]![2]! * (q[1]![0]! * q[2]![1]! - q[1]![1]! * q[2]![0]!)
  );
}

/** `m` with column k replaced by `r` (Cramer's rule). */
function withColumn(m: number[][], r: number[], k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < 3; i++) {
    const row = m[i]!.slice();
    row[k] = r[i]!;
    out.push(row);
  }
  return out;
}

function solve3(m: number[][], r: number[]): [number, number, number] {
  const d = det3(m);
  if (M.abs(d) < 1e-9) return [r[0]! / m[0]![0]!, 0, 0];
  return [det3(withColumn(m, r, 0)) / d, det3(withColumn(m, r, 1)) / d, det3(withColumn(m, r, 2)) / d];
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

/** CIE Lab's companded X, Y and Z of linear-light R, G, B (L = 116·Y − 16, a = 500·(X − Y), b = 200·(Y − Z)). */
function labY(R: number, G: number, B: number): number {
  return labF(0.2126 * R + 0.7152 * G + 0.0722 * B);
}
function labX(R: number, G: number, B: number): number {
  return labF((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
}
function labZ(R: number, G: number, B: number): number {
  return labF((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
}

function toLab(r: number, g: number, b: number): Rgb {
  const R = LINEAR[r]!;
  const G = LINEAR[g]!;
  const B = LINEAR[b]!;
  const fy = labY(R, G, B);
  return [116 * fy - 16, 500 * (labX(R, G, B) - fy), 200 * (fy - labZ(R, G, B))];
}

/** Share of clothing pixels (person, below the chin) within `deltaE` of the target background colour. */
export function clothingBlendShare(image: RgbImage, alpha: AlphaImage, outside: Uint8Array, fromV: number, target: Rgb, deltaE: number): number {
  const { width, height, data } = image;
  const t = toLab(target[0], target[1], target[2]);
  const limit = deltaE * deltaE;
  let n = 0;
  let close = 0;
  // Every third pixel is plenty for a share.
  for (let y = M.max(0, M.round(fromV)); y < height; y += 3) {
    for (let x = 0; x < width; x += 3) {
      const i = y * width + x;
      if (alpha.data[i]! < 230 || outside[i]) continue;
      n++;
      const R = LINEAR[data[i * 3]!]!;
      const G = LINEAR[data[i * 3 + 1]!]!;
      const B = LINEAR[data[i * 3 + 2]!]!;
      const fy = labY(R, G, B);
      const dL = 116 * fy - 16 - t[0];
      // Squared distances (Math.hypot with three arguments is not inlined and cost more than the conversion);
      // a colour already too far in lightness alone needs no a and b (each a cube root): the sum only grows.
      if (dL * dL >= limit) continue;
      const da = 500 * (labX(R, G, B) - fy) - t[1];
      const db = 200 * (fy - labZ(R, G, B)) - t[2];
      if (dL * dL + da * da + db * db < limit) close++;
    }
  }
  return n ? close / n : 0;
}
