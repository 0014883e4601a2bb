import { cellArea as cellAreaExport, cellColourSums, clamp01 as clamp01Export, pullPush, resizeBilinear, type PixelSet } from './filters';
import { scratchF32 } from './scratch';
import type { Rgb } from '../image';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { ceil, floor, max, round, sqrt } = Math;
// Likewise an imported function called per cell (CommonJS output reads it through an export getter each call).
const clamp01 = clamp01Export;
const cellArea = cellAreaExport;

/**
 * A smooth model of the source background, estimated on a coarse grid from pixels the segmentation is
 * confident about. Studio backdrops have fall-off and gradients, so a single colour is not enough: each
 * cell keeps its own robust mean and the grid is filled under the person by pull-push.
 */
export type BackgroundModel = {
  width: number;
  height: number;
  cell: number;
  gridWidth: number;
  gridHeight: number;
  /** Interleaved RGB per cell (0..255), filled everywhere. */
  colour: Float32Array;
  /** Per cell 0..1: how plain the backdrop is there (1 = flat, noise only); filled everywhere. */
  clean: Float32Array;
  /** Sensor noise: typical per-channel standard deviation on plain background cells. */
  noise: number;
  /** Share of the image the segmentation calls background with confidence. */
  observedShare: number;
  /** Robust mean colour of the visible background. */
  mean: Rgb;
};

const BG_PROB = 0.05;
const MIN_CELL_SHARE = 0.6;
/** Every 2nd pixel of every 2nd row: a cell's mean colour and spread come out as well from a quarter of its pixels. */
const SAMPLE_STRIDE = 2;
/** A cell whose texture (std, after noise) exceeds this many levels is not plain backdrop. */
const TEXTURE_LIMIT = 10;

export function cellSizeFor(width: number, height: number): number {
  return max(4, round(max(width, height) / 96));
}

export function estimateBackground(data: Uint8Array, width: number, height: number, prob: Float32Array): BackgroundModel {
  const cell = cellSizeFor(width, height);
  const gw = ceil(width / cell);
  const gh = ceil(height / cell);
  const cells = gw * gh;
  // Per cell: r, g, b sums and the sum of squared magnitudes.
  const sums = new Float64Array(cells * 4);
  const count = new Float64Array(cells);
  const total = new Float64Array(cells);
  cellColourSums(data, width, height, cell, prob, -Infinity, BG_PROB, count, sums, SAMPLE_STRIDE);
  const colour = new Float32Array(cells * 3);
  const weight = new Float32Array(cells);
  // The std of each known cell, for its lower quartile.
  const stds = new Float64Array(cells);
  let known = 0;
  const cellStd = new Float32Array(cells);
  let observed = 0;
  for (let i = 0; i < cells; i++) total[i] = cellArea(i, gw, cell, width, height, SAMPLE_STRIDE);
  for (let i = 0; i < cells; i++) {
    const n = count[i]!;
    observed += n;
    if (n < MIN_CELL_SHARE * total[i]! || n < 4) continue;
    const mr = sums[i * 4]! / n;
    const mg = sums[i * 4 + 1]! / n;
    const mb = sums[i * 4 + 2]! / n;
    const variance = max(0, sums[i * 4 + 3]! / n - (mr * mr + mg * mg + mb * mb)) / 3;
    colour[i * 3] = mr;
    colour[i * 3 + 1] = mg;
    colour[i * 3 + 2] = mb;
    weight[i] = 1;
    cellStd[i] = sqrt(variance);
    stds[known++] = cellStd[i]!;
  }
  const noise = max(1, known ? nthSmallest(stds.subarray(0, known), floor(known * 0.25)) : 4);
  // Cleanliness: texture above the noise floor, and jumps against neighbouring cells (edges of objects).
  const clean = new Float32Array(cells);
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const i = y * gw + x;
      if (!weight[i]) continue;
      let jump = 0;
      // Right, left, down, up (no iterator per cell; Math.hypot of three values is not inlined).
      for (let d = 0; d < 4; d++) {
        if ((d === 0 && x === gw - 1) || (d === 1 && x === 0) || (d === 2 && y === gh - 1) || (d === 3 && y === 0)) continue;
        const j = d === 0 ? i + 1 : d === 1 ? i - 1 : d === 2 ? i + gw : i - gw;
        if (!weight[j]) continue;
        const dr = colour[i * 3]! - colour[j * 3]!;
        const dg = colour[i * 3 + 1]! - colour[j * 3 + 1]!;
        const db = colour[i * 3 + 2]! - colour[j * 3 + 2]!;
        jump = max(jump, sqrt(dr * dr + dg * dg + db * db));
      }
      const texture = max(0, cellStd[i]! - noise);
      clean[i] = clamp01(1 - texture / TEXTURE_LIMIT) * clamp01(1 - (jump - 8) / 16);
    }
  }
  const mean = robustMean(colour, weight);
  return {
    width,
    height,
    cell,
    gridWidth: gw,
    gridHeight: gh,
    colour: pullPush(colour, weight, gw, gh, 3),
    clean: pullPush(clean, weight, gw, gh, 1),
    noise,
    observedShare: observed / (ceil(width / SAMPLE_STRIDE) * ceil(height / SAMPLE_STRIDE)),
    mean,
  };
}

/** Per-channel median of the known cells: robust against a few cells with hair or objects in them. */
function robustMean(colour: Float32Array, weight: Float32Array): Rgb {
  const values = scratchF32('background.median', weight.length);
  return [channelMedian(colour, weight, 0, values), channelMedian(colour, weight, 1, values), channelMedian(colour, weight, 2, values)];
}

/** Median of channel `c` over the known cells, rounded; `values` is working space. */
function channelMedian(colour: Float32Array, weight: Float32Array, c: number, values: Float32Array): number {
  let known = 0;
  for (let i = 0; i < weight.length; i++) if (weight[i]) values[known++] = colour[i * 3 + c]!;
  return known ? round(nthSmallest(values.subarray(0, known), floor(known / 2))) : 0;
}

/**
 * The k-th smallest value (0-based), as `values.sort()[k]` but without sorting (a typed array's sort copies
 * it into a work array of boxed numbers on the JS heap): quickselect, which reorders `values`. No NaNs.
 */
function nthSmallest(values: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot; Hoare partition.
    const mid = (lo + hi) >> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi]; between them, values equal to the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The source backdrop per pixel: interleaved RGB colour, cleanliness (0..1) and the sensor noise. */
export type BackdropPixels = { colour: Float32Array; clean: Float32Array; noise: number };

/** The background model at full resolution, everywhere. */
export function backgroundAtPixels(model: BackgroundModel, width: number, height: number): BackdropPixels {
  return {
    colour: resizeBilinear(model.colour, model.gridWidth, model.gridHeight, width, height, 3, 1 / model.cell),
    clean: resizeBilinear(model.clean, model.gridWidth, model.gridHeight, width, height, 1, 1 / model.cell),
    noise: model.noise,
  };
}

/** The background model at full resolution, only where `only` is set (reused buffers, stale elsewhere). */
export function backgroundInRegion(model: BackgroundModel, width: number, height: number, only: PixelSet): BackdropPixels {
  const n = width * height;
  const step = 1 / model.cell;
  return {
    colour: resizeBilinear(model.colour, model.gridWidth, model.gridHeight, width, height, 3, step, scratchF32('backdrop.colour', n * 3), only),
    clean: resizeBilinear(model.clean, model.gridWidth, model.gridHeight, width, height, 1, step, scratchF32('backdrop.clean', n), only),
    noise: model.noise,
  };
}
