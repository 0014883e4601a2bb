import { backgroundInRegion, type BackgroundModel } from './background';
import { fitShade, markCastShadow } from './castShadow';
import { boxMean, cellArea as cellAreaExport, cellColourSums, clamp01 as clamp01Export, pullPush, resizeBilinear, type PixelSet } from './filters';
import { scratchF32, scratchI32, scratchU8 } from './scratch';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's; so is
// an imported function per pixel, which CommonJS output reads through its module's export getter every call.
const { abs, ceil, floor, fround, max, min, round, sqrt } = Math;
const clamp01 = clamp01Export;
const cellArea = cellAreaExport;

/**
 * Refines the coarse segmentation around its edge by keying against the source background.
 *
 * A pixel near the edge is modelled as I = αF + (1−α)B, with B the local backdrop colour and F the
 * nearby person colour, so α is the projection of I−B on F−B. Which pixels are backdrop is decided by a
 * flood fill from the confident background through backdrop-coloured pixels (stricter where the model
 * is surer of the person), so light patches of a shirt are not punched out; flat backdrop patches
 * between strands of hair seed it too, and so does the backdrop seen in the person's shadow (inside loops
 * of hair, and the shadow the person casts on the wall: castShadow.ts), which is then keyed against its shaded colour. Inside the person, the key only lowers alpha where it is
 * reliable (strong, consistent contrast between person and backdrop, as dark hair on a light wall).
 * Where the backdrop is not plain the model's own probability is kept.
 */
export type Refined = {
  alpha: Float32Array;
  /** Where the alpha was refined (elsewhere the model's mask was kept, alpha is 0 or 1 there). */
  band: Band;
  /** The source backdrop colour (interleaved RGB; shaded where it is seen in the person's shadow), valid inside `band` only. */
  backdropColour: Float32Array;
};

/** The refinement region: its pixels, and the first and one past the last row holding them. */
export type Band = PixelSet & { rows: [number, number] };

/** Below this person–backdrop colour distance the projection is not used at full strength. */
const MIN_CONTRAST = 24;

/** The person colour is smooth: every 2nd pixel of every 2nd row is as good an estimate as every pixel. */
const PERSON_SAMPLE_STRIDE = 2;

/**
 * `alpha8` gets the 8-bit alpha outside the band (0 or 255); the caller writes it on the band, once the alpha there
 * is final. Rows above `hairAbove` show only hair, headwear and backdrop (see shadedBackdrop); `faceWidth` bounds
 * the person's cast shadow (castShadow.ts).
 */
export function refineAlpha(
  data: Uint8Array,
  width: number,
  height: number,
  prob: Float32Array,
  model: BackgroundModel,
  alpha8: Uint8Array,
  { hairAbove = 0, faceWidth }: { hairAbove?: number; faceWidth?: number } = {},
): Refined {
  const n = width * height;
  const long = max(width, height);
  const band = refinementRegion(prob, width, height);
  const { mask: region, runs } = band;
  const backdrop = backgroundInRegion(model, width, height, band);
  const B = backdrop.colour;
  const clean = backdrop.clean;

  const distance2 = colourDistance2(data, B, runs);
  const apart2 = backdropLikeDistance(model.noise) ** 2;
  const solid = markSolid(prob, region, distance2, apart2, width, height, scratchU8('refine.solid', n));
  // A loop of a bun or a curl is up to about a sixth of a face across: its hair lies within a fortieth of the long side.
  const loopReach = max(8, round(long / 40));
  const shade = shadedBackdrop(data, B, runs, prob, clean, model.noise, width, hairAbove * width, loopReach);
  const isBackdrop = floodBackdrop(width, height, band, prob, clean, distance2, shade, model.noise);
  // The cast shadow. Its test compares with the person's colour nearby, estimated without the pixels that fit a
  // shade of the backdrop: the model calls the shadow person, which would make it its own person colour.
  const shades = fitShade(data, B, runs, isBackdrop, model.noise);
  if (shades.count) {
    const unshaded = withoutShades(solid, shades.k, runs, scratchU8('refine.unshaded', n));
    // On cells twice as wide as the key's: the test asks only which colour the person has nearby.
    const nearPerson = estimatePersonColour(data, width, height, unshaded, shades.fits, model, { buffer: 'shadow.person', coarse: 2 });
    markCastShadow({ data, width, height, band, B, prob, noise: model.noise, faceWidth, person: nearPerson, k: shades.k }, isBackdrop, shade, clean);
  }
  // The border zone: backdrop plus 2 px around it, where mixed pixels live.
  // Chessboard distance to the backdrop: within 2 px live the mixed pixels of a hard edge.
  // Hair: a few pixels further in, the key also acts where it is reliable.
  const hairReach = max(3, round(long / 250));
  const toBackdrop = chessboardDistance(isBackdrop, band, width, height, hairReach);
  shadeBackdrop(B, shade, isBackdrop, toBackdrop, width, band, hairReach);
  // Deeper in, alpha is 1 whatever the key says: the person colour and the key are needed only up to there.
  const keyPixels = { mask: markKeyNeeded(toBackdrop, runs, hairReach, scratchU8('refine.keyNeeded', n)), runs };
  const person = estimatePersonColour(data, width, height, solid, keyPixels, model);
  const key = keyAgainstBackdrop(data, keyPixels, B, person, model.noise);

  const alpha = assembleAlpha(prob, runs, key, toBackdrop, clean, hairReach, scratchF32('refine.alpha', n), alpha8);
  return { alpha, band, backdropColour: B };
}

// The passes of refineAlpha are functions of their own: V8 keeps their optimised code from photo to photo,
// whereas refineAlpha's own was thrown away at its start on every call (a deopt for want of type feedback),
// and its loops ran in the interpreter until on-stack replacement caught up (about half its time, measured).

/**
 * Person pixels that look like the backdrop would pull F towards B; leave them out (outside the region
 * the backdrop is not known and no pixel looks like it). Only the pixels the person colour samples are set.
 */
function markSolid(prob: Float32Array, region: Uint8Array, distance2: Float32Array, apart2: number, width: number, height: number, solid: Uint8Array): Uint8Array {
  for (let y = 0; y < height; y += PERSON_SAMPLE_STRIDE) {
    for (let i = y * width, end = i + width; i < end; i += PERSON_SAMPLE_STRIDE) {
      solid[i] = prob[i]! >= 0.9 && !(region[i] && distance2[i]! < apart2) ? 1 : 0;
    }
  }
  return solid;
}

/** `solid` without the band's pixels that fit a shade of the backdrop (shadeK > 0); only the sampled pixels are set. */
function withoutShades(solid: Uint8Array, shadeK: Float32Array, runs: Int32Array, out: Uint8Array): Uint8Array {
  out.set(solid);
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) if (shadeK[i]! > 0) out[i] = 0;
  }
  return out;
}

/** Within `hairReach` of the backdrop, set on the region's runs only (stale elsewhere, never read there). */
function markKeyNeeded(toBackdrop: Uint8Array, runs: Int32Array, hairReach: number, keyNeeded: Uint8Array): Uint8Array {
  for (let r = 0; r < runs.length; r += 2) for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) keyNeeded[i] = toBackdrop[i]! <= hairReach ? 1 : 0;
  return keyNeeded;
}

/** Outside the region the model's mask; on it (overwritten) the key, trusted where the backdrop is plain. */
function assembleAlpha(
  prob: Float32Array,
  runs: Int32Array,
  key: { alpha: Float32Array; reliable: Float32Array },
  toBackdrop: Uint8Array,
  clean: Float32Array,
  hairReach: number,
  alpha: Float32Array,
  alpha8: Uint8Array,
): Float32Array {
  const n = alpha.length;
  for (let i = 0; i < n; i++) {
    const a = prob[i]! >= 0.5 ? 1 : 0;
    alpha[i] = a;
    alpha8[i] = a * 255;
  }
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      const keyed = key.alpha[i]!;
      const d = toBackdrop[i]!;
      const a = d <= 2 ? keyed : d <= hairReach ? 1 - key.reliable[i]! * (1 - keyed) : 1;
      const trust = clean[i]!;
      alpha[i] = trust * a + (1 - trust) * prob[i]!;
    }
  }
  return alpha;
}

/**
 * Where refinement may act: up to 3% of the long side outside the model's contour (probability ≥ 0.5) and
 * 5% inside it. Those distances are coarse, so they are measured on a grid about 256 cells across.
 * `rows`: the first and one past the last row with region pixels.
 */
function refinementRegion(prob: Float32Array, width: number, height: number): Band {
  const long = max(width, height);
  const step = max(1, ceil(long / 256));
  const gw = ceil(width / step);
  const gh = ceil(height / step);
  const grid = new Float32Array(gw * gh);
  // Integer counts: each row's run of pixels in one cell is counted first.
  for (let y = 0; y < height; y++) {
    const row = ((y / step) | 0) * gw;
    for (let cx = 0, p = y * width; cx < gw; cx++) {
      let count = 0;
      for (const end = y * width + min(width, (cx + 1) * step); p < end; p++) if (prob[p]! >= 0.5) count++;
      grid[row + cx]! += count;
    }
  }
  for (let i = 0; i < grid.length; i++) grid[i]! /= cellArea(i, gw, step, width, height);
  const reach = boxMean(grid, gw, gh, max(1, round((long * 0.03) / step)), new Float32Array(grid.length));
  const depth = boxMean(grid, gw, gh, max(1, round((long * 0.05) / step)), new Float32Array(grid.length));
  const cellRegion = new Uint8Array(grid.length);
  let firstCellRow = gh;
  let lastCellRow = -1;
  for (let i = 0; i < grid.length; i++) {
    cellRegion[i] = reach[i]! > 0.001 && depth[i]! < 0.999 ? 1 : 0;
    if (cellRegion[i]) {
      const cy = (i / gw) | 0;
      if (cy < firstCellRow) firstCellRow = cy;
      lastCellRow = cy;
    }
  }
  const region = scratchU8('refine.region', width * height);
  // At most ceil(gw / 2) runs of region cells per row, two ends each.
  const runs = scratchI32('refine.runs', height * (gw + 1));
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = ((y / step) | 0) * gw;
    // Runs of cells alike, one fill each.
    for (let cx = 0; cx < gw; ) {
      const v = cellRegion[row + cx]!;
      let end = cx + 1;
      while (end < gw && cellRegion[row + end] === v) end++;
      const from = y * width + cx * step;
      const to = y * width + min(width, end * step);
      region.fill(v, from, to);
      if (v) {
        runs[count++] = from;
        runs[count++] = to;
      }
      cx = end;
    }
  }
  const rows: [number, number] = lastCellRow < 0 ? [0, 0] : [firstCellRow * step, min(height, (lastCellRow + 1) * step)];
  return { mask: region, runs: runs.slice(0, count), rows };
}

/**
 * Chessboard distance (in px) from the pixels of the band's runs to the nearest set pixel (all set pixels
 * lie on those runs), exact up to `cap`, 255 beyond (the refinement only asks whether it is within the hair
 * reach): a breadth-first search from the set pixels over 8 neighbours, `cap` steps deep, instead of two
 * raster scans of every pixel of the band's rows. Valid on the runs and at the pixels the search reached.
 */
function chessboardDistance(set: Uint8Array, { runs }: PixelSet, width: number, height: number, cap: number): Uint8Array {
  const n = set.length;
  const d = scratchU8('refine.distance', n);
  // Reached by this call's search: `seen` holds its number (the buffers are reused).
  const seen = scratchI32('refine.distanceSeen', n);
  const call = ++distanceCalls;
  const queue = scratchI32('refine.distanceQueue', n);
  let tail = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      if (set[i]) {
        d[i] = 0;
        seen[i] = call;
        queue[tail++] = i;
      } else {
        d[i] = 255;
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    const next = d[i]! + 1;
    if (next > cap) break;
    const y = (i / width) | 0;
    const x = i - y * width;
    const xa = x > 0 ? -1 : 0;
    const xb = x < width - 1 ? 1 : 0;
    for (let dy = y > 0 ? -1 : 0, dyEnd = y < height - 1 ? 1 : 0; dy <= dyEnd; dy++) {
      for (let dx = xa; dx <= xb; dx++) {
        const j = i + dy * width + dx;
        if (seen[j] === call) continue;
        seen[j] = call;
        d[j] = next;
        queue[tail++] = j;
      }
    }
  }
  return d;
}
let distanceCalls = 0;

/** Squared colour distance to the backdrop on the region's `runs`; stale outside them (B is not known there). */
function colourDistance2(data: Uint8Array, B: Float32Array, runs: Int32Array): Float32Array {
  const out = scratchF32('refine.distance2', data.length / 3);
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!, k = i * 3; i < end; i++, k += 3) {
      const dr = data[k]! - B[k]!;
      const dg = data[k + 1]! - B[k + 1]!;
      const db = data[k + 2]! - B[k + 2]!;
      out[i] = dr * dr + dg * dg + db * db;
    }
  }
  return out;
}

/**
 * How far from the backdrop colour a pixel still looks like the backdrop: the flood's reach where the model is
 * unsure of the person, and what keeps backdrop-like pixels out of the person colour.
 */
function backdropLikeDistance(noise: number): number {
  return max(12, 4 * noise);
}

/** How much darker than the lit backdrop its shadow may be (k in c ≈ k·B); below, dark hair begins. */
const SHADE_RANGE: [number, number] = [0.7, 0.98];
/**
 * Only where the model is this unsure of the person: a shadowed neck or cheek is kept by its certainty. Above the
 * hair line the backdrop inside a closed loop of hair (a bun) is looked for wherever it is: there the model is surest.
 */
const SHADE_MAX_PROB = 0.9;
/** Largest change of the shade factor between neighbouring pixels of one shadow. */
const SHADE_STEP = 0.03;

/**
 * The backdrop seen in the person's shadow (inside loops of hair, between hair and neck): the backdrop's
 * colour darkened, c ≈ k·B with k in SHADE_RANGE and little left over. Per region pixel, k where the test
 * holds (the model unsure, the backdrop plain), else 0; stale outside the region's `runs`. Before pixel
 * `hairEnd` (the rows above the hair line) it is also tested where the model is sure of the person, with a looser
 * fit, and holds there only with dark hair within `reach` on both sides: the inside of a loop, not a bald crown.
 */
function shadedBackdrop(data: Uint8Array, B: Float32Array, runs: Int32Array, prob: Float32Array, clean: Float32Array, noise: number, width: number, hairEnd: number, reach: number): Float32Array {
  const shade = scratchF32('refine.shade', prob.length);
  const tolerance2 = max(6, 2 * noise) ** 2;
  // The inside of a loop is seen through stray hairs, which warm it (9–15 grey levels off k·B in ok-full-body's bun).
  const loopTolerance2 = max(16, 4 * noise) ** 2;
  // Clearly darker than the plain flood's reach: near the lit colour, a white shirt's edge fits k·B too.
  const darker = backdropLikeDistance(noise);
  for (let run = 0; run < runs.length; run += 2) {
    for (let i = runs[run]!, end = runs[run + 1]!, k = i * 3; i < end; i++, k += 3) {
      shade[i] = 0;
      if (clean[i]! <= 0.5) continue;
      const sure = prob[i]! >= SHADE_MAX_PROB;
      if (sure && i >= hairEnd) continue;
      const r = data[k]!;
      const g = data[k + 1]!;
      const b = data[k + 2]!;
      const br = B[k]!;
      const bg = B[k + 1]!;
      const bb = B[k + 2]!;
      const bb2 = br * br + bg * bg + bb * bb;
      if (bb2 <= 0) continue;
      const f = (r * br + g * bg + b * bb) / bb2;
      if (f < SHADE_RANGE[0] || f > SHADE_RANGE[1] || (1 - f) * sqrt(bb2) < darker) continue;
      const residual2 = r * r + g * g + b * b - f * f * bb2;
      if (sure ? residual2 < loopTolerance2 && enclosedByDark(data, i, width, reach, 0.5 * lumaOf(br, bg, bb)) : residual2 < tolerance2) shade[i] = f;
    }
  }
  return shade;
}

/** Whether pixels of luma below `dark` lie within `reach` px of pixel i on both sides, left and right or above and below. */
function enclosedByDark(data: Uint8Array, i: number, width: number, reach: number, dark: number): boolean {
  const height = data.length / 3 / width;
  const y = (i / width) | 0;
  const x = i - y * width;
  if (darkAlong(data, i, -1, min(reach, x), dark) && darkAlong(data, i, 1, min(reach, width - 1 - x), dark)) return true;
  return darkAlong(data, i, -width, min(reach, y), dark) && darkAlong(data, i, width, min(reach, height - 1 - y), dark);
}

/** Rec. 601 luma of a colour. */
function lumaOf(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Whether one of the `count` pixels from i + step on, `step` apart, has a luma below `dark`. */
function darkAlong(data: Uint8Array, i: number, step: number, count: number, dark: number): boolean {
  for (let k = 1, j = i + step; k <= count; k++, j += step) {
    if (lumaOf(data[j * 3]!, data[j * 3 + 1]!, data[j * 3 + 2]!) < dark) return true;
  }
  return false;
}

/**
 * The backdrop seen in the person's shadow is keyed against its shaded colour, not the lit one: at those
 * backdrop pixels B becomes k·B, and within `reach` of them (the strands around a loop, whose mixed pixels
 * hold the shaded backdrop) the mean k of the backdrop pixels nearby. Nothing changes without shade.
 */
function shadeBackdrop(B: Float32Array, shade: Float32Array, isBackdrop: Uint8Array, toBackdrop: Uint8Array, width: number, band: Band, reach: number): void {
  const { runs, rows: [y0, y1] } = band;
  // Only the pixels within `reach` of shaded backdrop pixels can change: elsewhere every backdrop pixel of
  // the window has k = 1 = its weight, so the two means are equal and the mean k is 1. Those pixels are
  // marked around each shaded one (few: hundreds on the fixtures, spread over much of the crop), and their
  // means taken there alone. Backdrop pixels lie on the band's runs.
  const near = scratchU8('shade.near', toBackdrop.length);
  const shaded = scratchI32('shade.pixels', toBackdrop.length);
  let count = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) if (isBackdrop[i] === 1 && shade[i]! > 0) shaded[count++] = i;
  }
  if (!count) return;
  markAround(near, shaded, count, width, y0, y1, reach, 1);
  const rowMeans: RowMeans = { k: scratchF32('shade.rowK', near.length), weight: scratchF32('shade.rowWeight', near.length), stamp: scratchI32('shade.stamp', near.length), call: ++shadeCalls };
  for (let r = 0; r < runs.length; r += 2) {
    const y = (runs[r]! / width) | 0;
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      if (!near[i]) continue;
      const d = toBackdrop[i]!;
      if (d > reach) continue;
      const f = d === 0 ? (shade[i]! > 0 ? shade[i]! : 1) : meanShade(shade, isBackdrop, width, i - y * width, y, y0, y1, reach, rowMeans);
      if (f < 0.999) for (let c = i * 3; c < i * 3 + 3; c++) B[c]! *= f;
    }
  }
  markAround(near, shaded, count, width, y0, y1, reach, 0);
}

/**
 * The row means of meanShade's windows, at each pixel computed once per call: valid where `stamp` holds this
 * call's number (the buffers are reused, and a pixel is set only when a window needs it).
 */
type RowMeans = { k: Float32Array; weight: Float32Array; stamp: Int32Array; call: number };
let shadeCalls = 0;

/** Sets `near` to `value` within chessboard distance `reach` of the listed pixels, in rows [y0, y1). */
function markAround(near: Uint8Array, pixels: Int32Array, count: number, width: number, y0: number, y1: number, reach: number, value: number): void {
  for (let s = 0; s < count; s++) {
    const y = (pixels[s]! / width) | 0;
    const x = pixels[s]! - y * width;
    const from = max(0, x - reach);
    const to = min(width, x + reach + 1);
    for (let v = max(y0, y - reach), vEnd = min(y1, y + reach + 1); v < vEnd; v++) near.fill(value, v * width + from, v * width + to);
  }
}

/**
 * The mean shade factor of the backdrop pixels in the window of radius `reach` around (x, y), clipped to the
 * image's columns and rows [y0, y1): the mean k over the mean weight, each taken as boxMean takes it (row
 * means rounded to float32, then their mean) so that the value is boxMean's to the bit; every sum is exact
 * (k is 0, 1 or a float32 in SHADE_RANGE, at most a few dozen of them).
 */
function meanShade(shade: Float32Array, isBackdrop: Uint8Array, width: number, x: number, y: number, y0: number, y1: number, reach: number, rowMeans: RowMeans): number {
  const { k: rowK, weight: rowWeight, stamp, call } = rowMeans;
  const from = max(0, x - reach);
  const to = min(width, x + reach + 1);
  const lo = max(y0, y - reach);
  const hi = min(y1, y + reach + 1);
  let sumK = 0;
  let sumW = 0;
  for (let v = lo; v < hi; v++) {
    const at = v * width + x;
    if (stamp[at] !== call) {
      let k = 0;
      let w = 0;
      for (let i = v * width + from, end = v * width + to; i < end; i++) {
        if (isBackdrop[i] !== 1) continue;
        k += shade[i]! > 0 ? shade[i]! : 1;
        w++;
      }
      rowK[at] = k / (to - from);
      rowWeight[at] = w / (to - from);
      stamp[at] = call;
    }
    sumK += rowK[at]!;
    sumW += rowWeight[at]!;
  }
  const inv = 1 / (hi - lo);
  const meanK = fround(sumK * inv);
  const meanW = fround(sumW * inv);
  return meanW > 0 ? meanK / meanW : 1;
}

/**
 * Backdrop pixels: flooded from the confident background and from flat backdrop patches. All of them lie
 * in the band, so only its pixels are looked at (and, for the patches, the pixels of its rows within their
 * window and beyond them).
 */
function floodBackdrop(
  width: number,
  height: number,
  band: Band,
  prob: Float32Array,
  clean: Float32Array,
  distance2: Float32Array,
  shade: Float32Array,
  noise: number,
): Uint8Array {
  const n = width * height;
  const { mask: region, runs, rows } = band;
  const limit = backdropLikeDistance(noise);
  const r = max(2, round(max(width, height) / 300));
  const flat = tightCounts(width, height, rows, r, region, distance2, shade, max(8, 2.5 * noise) ** 2);
  // Read only on the band's rows (the distance to the backdrop) and at region pixels (the flood).
  const backdrop = scratchU8('flood.backdrop', n).fill(0, rows[0] * width, rows[1] * width);
  const queue = scratchI32('flood.queue', n);
  let tail = 0;
  for (let run = 0; run < runs.length; run += 2) {
    const y = (runs[run]! / width) | 0;
    for (let i = runs[run]!, end = runs[run + 1]!; i < end; i++) {
      if ((prob[i]! < 0.05 && floodOpen(i, -1, region, backdrop, clean, shade, prob, distance2, limit)) || (clean[i]! > 0.5 && isFlat(flat, i - y * width, y))) {
        backdrop[i] = 1;
        queue[tail++] = i;
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    const x = i % width;
    // Each neighbour at most once: `open` is false once it is backdrop.
    for (let d = 0; d < 4; d++) {
      if ((d === 0 && x === 0) || (d === 1 && x === width - 1) || (d === 2 && i < width) || (d === 3 && i + width >= n)) continue;
      const j = d === 0 ? i - 1 : d === 1 ? i + 1 : d === 2 ? i - width : i + width;
      if (floodOpen(j, i, region, backdrop, clean, shade, prob, distance2, limit)) {
        backdrop[j] = 1;
        queue[tail++] = j;
      }
    }
  }
  return backdrop;
}

/**
 * Whether the flood enters region pixel `i` from pixel `from` (-1 for a seed). The surer the model is of the
 * person, the closer to the backdrop a pixel must be to be flooded. Shadowed backdrop continues shadowed
 * backdrop where the shade changes slowly (a shadow is smooth; the mixed pixels at the edge of a strand,
 * which can have the same colour, change steeply). A function of the module, not a closure made per photo:
 * the flood's optimized code, specialised on one closure, was thrown away by the next photo's.
 */
function floodOpen(i: number, from: number, region: Uint8Array, backdrop: Uint8Array, clean: Float32Array, shade: Float32Array, prob: Float32Array, distance2: Float32Array, limit: number): boolean {
  if (region[i] !== 1 || backdrop[i] !== 0 || clean[i]! <= 0.5) return false;
  const k = shade[i]!;
  if (k > 0 && from >= 0 && abs(k - shade[from]!) < SHADE_STEP && shade[from]! > 0) return true;
  const allowed = limit * clamp01((0.98 - prob[i]!) / 0.5);
  return distance2[i]! < allowed * allowed;
}

/** A summed-area table of the pixels that look like flat backdrop, over rows [top, bottom); windows of radius `r`. */
type FlatCounts = { sat: Int32Array; width: number; top: number; bottom: number; r: number };

/**
 * Flat backdrop patches: whether at least 95 % of the (2r+1)² window around a pixel (clamped at the image's
 * borders) are region pixels within `limit2` of the backdrop colour. A summed-area table over the rows the
 * windows of rows [y0, y1) reach, read only at the pixels asked about (region pixels, not every pixel).
 */
function tightCounts(width: number, height: number, [y0, y1]: [number, number], r: number, region: Uint8Array, distance2: Float32Array, shade: Float32Array, limit2: number): FlatCounts {
  const top = max(0, y0 - r);
  const bottom = min(height, y1 + r);
  const w1 = width + 1;
  const sat = scratchI32('flood.sat', (bottom - top + 1) * w1);
  sat.fill(0, 0, w1);
  for (let y = top; y < bottom; y++) {
    const row = (y - top + 1) * w1;
    sat[row] = 0;
    let run = 0;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (region[i] && (distance2[i]! < limit2 || shade[i]! > 0)) run++;
      sat[row + x + 1] = sat[row - w1 + x + 1]! + run;
    }
  }
  return { sat, width, top, bottom, r };
}

/** See tightCounts: whether pixel (x, y)'s window is flat backdrop. */
function isFlat({ sat, width, top, bottom, r }: FlatCounts, x: number, y: number): boolean {
  const w1 = width + 1;
  const xa = max(0, x - r);
  const xb = min(width, x + r + 1);
  const ya = (max(top, y - r) - top) * w1;
  const yb = (min(bottom, y + r + 1) - top) * w1;
  const count = sat[yb + xb]! - sat[ya + xb]! - sat[yb + xa]! + sat[ya + xa]!;
  return count >= 0.95 * (xb - xa) * ((yb - ya) / w1);
}

/** Per pixel, interleaved: the person's mean r, g, b and the spread of its colours (valid where asked for). */
type PersonColour = Float32Array;

/**
 * α = projection of I−B on F−B beyond the noise floor, for the pixels of a set; `reliable` (0..1)
 * says whether person and backdrop differ clearly and consistently enough there to trust it inside the
 * person (dark hair on a light wall: yes; a patterned light shirt on a light wall: no).
 */
function keyAgainstBackdrop(data: Uint8Array, { mask, runs }: PixelSet, B: Float32Array, person: PersonColour, noise: number): { alpha: Float32Array; reliable: Float32Array } {
  const n = mask.length;
  const F = person;
  const alpha = scratchF32('key.alpha', n);
  const reliable = scratchF32('key.reliable', n);
  const noiseFloor = 2.5 * noise;
  // Stale outside the set: only read there.
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      if (!mask[i]) continue;
      const k = i * 3;
      const f = i * 4;
      const dr = data[k]! - B[k]!;
      const dg = data[k + 1]! - B[k + 1]!;
      const db = data[k + 2]! - B[k + 2]!;
      const fr = F[f]! - B[k]!;
      const fg = F[f + 1]! - B[k + 1]!;
      const fb = F[f + 2]! - B[k + 2]!;
      const contrast = sqrt(fr * fr + fg * fg + fb * fb);
      const along = contrast > 0 ? (dr * fr + dg * fg + db * fb) / contrast : 0;
      // A colour off the B–F line is not backdrop either: its distance from the line counts too.
      const off = sqrt(max(0, dr * dr + dg * dg + db * db - along * along));
      alpha[i] = clamp01((max(along, 0) + off - noiseFloor) / max(contrast - noiseFloor, MIN_CONTRAST));
      reliable[i] = clamp01((contrast - 3 * F[f + 3]! - 40) / 40);
    }
  }
  return { alpha, reliable };
}

/**
 * Person colours (mean and spread) on a fine grid from solid person pixels, then spread outwards; at the
 * pixels of `at`. `solid` is read only at every PERSON_SAMPLE_STRIDE-th pixel of every such row.
 */
function estimatePersonColour(
  data: Uint8Array,
  width: number,
  height: number,
  solid: Uint8Array,
  at: PixelSet,
  model: BackgroundModel,
  { buffer = 'person.colour', coarse = 1 }: { buffer?: string; coarse?: number } = {},
): PersonColour {
  const cell = max(3, round(model.cell / 2)) * coarse;
  const gw = ceil(width / cell);
  const gh = ceil(height / cell);
  // Per cell: r, g, b sums and the sum of squared magnitudes.
  const sum = new Float32Array(gw * gh * 4);
  const weight = new Float32Array(gw * gh);
  cellColourSums(data, width, height, cell, solid, 1, Infinity, weight, sum, PERSON_SAMPLE_STRIDE);
  const known = new Float32Array(gw * gh);
  for (let i = 0; i < gw * gh; i++) {
    const w = weight[i]!;
    if (!w) continue;
    for (let c = 0; c < 4; c++) sum[i * 4 + c]! /= w;
    const m2 = sum[i * 4]! ** 2 + sum[i * 4 + 1]! ** 2 + sum[i * 4 + 2]! ** 2;
    sum[i * 4 + 3] = sqrt(max(0, sum[i * 4 + 3]! - m2) / 3);
    known[i] = min(1, w / (cellArea(i, gw, cell, width, height, PERSON_SAMPLE_STRIDE) * 0.25));
  }
  return resizeBilinear(pullPush(sum, known, gw, gh, 4), gw, gh, width, height, 4, 1 / cell, scratchF32(buffer, width * height * 4), at);
}

/**
 * Edge-preserving smoothing of alpha with the image luminance as guide (He et al.'s guided filter, in
 * its fast form: the local linear coefficients are computed at half resolution and upsampled, which
 * keeps the edges of the full-resolution guide at a quarter of the cost): alpha becomes locally linear
 * in the image, which removes keying noise without blurring hair. The result is computed at the pixels of
 * `only` alone and written into `alpha` there (it is read before), which is returned; with `rows`, all of
 * them lie in those pixel rows.
 */
export function guidedFilter(alpha: Float32Array, data: Uint8Array, width: number, height: number, r: number, eps: number, only: PixelSet, rows?: [number, number]): Float32Array {
  if (rows) return guidedFilterRows(alpha, data, width, height, r, eps, only, rows);
  const n = width * height;
  const sw = ceil(width / 2);
  const sh = ceil(height / 2);
  const m = sw * sh;
  const rs = max(1, floor(r / 2));
  // Half-resolution cells are computed only within the reach of the cells `only` upsamples from: two box
  // means of radius rs and a bilinear neighbour. A band around a contour is a fraction of its rows.
  const spans = guidedSpans(only.runs, width, sw, sh, 2 * rs + 2);
  const I = scratchF32('guided.I', m);
  const p = scratchF32('guided.p', m);
  const ip = scratchF32('guided.ip', m);
  const ii = scratchF32('guided.ii', m);
  for (let s = 0; s < spans.length; s += 3) {
    const j = spans[s]!;
    const c0 = spans[s + 1]!;
    const c1 = spans[s + 2]!;
    I.fill(0, j * sw + c0, j * sw + c1);
    p.fill(0, j * sw + c0, j * sw + c1);
    // The guide (luminance, as a float32) is summed into its half-resolution cells as it is computed: a row's
    // two pixels of a cell at once, rounded to a float32 after each addition as the cell's store would.
    for (let y = 2 * j; y < min(height, 2 * j + 2); y++) {
      let x = 2 * c0;
      const xEnd = min(width, 2 * c1);
      for (let i = y * width + x, k = j * sw + c0; x + 1 < xEnd; x += 2, i += 2, k++) {
        I[k] = fround(fround(I[k]! + luminance(data, i * 3)) + luminance(data, i * 3 + 3));
        p[k] = fround(fround(p[k]! + alpha[i]!) + alpha[i + 1]!);
      }
      if (x < xEnd) {
        const i = y * width + x;
        I[j * sw + (x >> 1)]! += luminance(data, i * 3);
        p[j * sw + (x >> 1)]! += alpha[i]!;
      }
    }
    // Pixels per cell: 4, fewer in the last column or row of an odd size.
    const tall = 2 * j + 2 <= height ? 2 : 1;
    for (let c = c0, k = j * sw + c0; c < c1; c++, k++) {
      const w = (2 * c + 2 <= width ? 2 : 1) * tall;
      I[k]! /= w;
      p[k]! /= w;
      ip[k] = I[k]! * p[k]!;
      ii[k] = I[k]! * I[k]!;
    }
  }
  const meanI = spanMean(I, sw, sh, rs, spans, scratchF32('guided.meanI', m));
  const meanP = spanMean(p, sw, sh, rs, spans, scratchF32('guided.meanP', m));
  const meanIP = spanMean(ip, sw, sh, rs, spans, scratchF32('guided.meanIP', m));
  const meanII = spanMean(ii, sw, sh, rs, spans, scratchF32('guided.meanII', m));
  const a = ip;
  const b = ii;
  for (let s = 0; s < spans.length; s += 3) {
    for (let k = spans[s]! * sw + spans[s + 1]!, end = spans[s]! * sw + spans[s + 2]!; k < end; k++) {
      const varI = meanII[k]! - meanI[k]! * meanI[k]!;
      const cov = meanIP[k]! - meanI[k]! * meanP[k]!;
      a[k] = cov / (varI + eps);
      b[k] = meanP[k]! - a[k]! * meanI[k]!;
    }
  }
  const meanA = spanMean(a, sw, sh, rs, spans, meanIP);
  const meanB = spanMean(b, sw, sh, rs, spans, meanII);
  const ab = scratchF32('guided.ab', m * 2);
  for (let s = 0; s < spans.length; s += 3) {
    for (let k = spans[s]! * sw + spans[s + 1]!, end = spans[s]! * sw + spans[s + 2]!; k < end; k++) {
      ab[k * 2] = meanA[k]!;
      ab[k * 2 + 1] = meanB[k]!;
    }
  }
  const full = resizeBilinear(ab, sw, sh, width, height, 2, 0.5, scratchF32('guided.full', n * 2), only);
  const { mask, runs } = only;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) if (mask[i]) alpha[i] = full[i * 2]! * luminance(data, i * 3) + full[i * 2 + 1]!;
  }
  return alpha;
}

/**
 * The half-resolution cells within chessboard distance `reach` of a cell holding a pixel of `runs`, as
 * (row, from, to) column spans in row order.
 */
function guidedSpans(runs: Int32Array, width: number, sw: number, sh: number, reach: number): Int32Array {
  const touched = scratchU8('guided.touched', sw * sh).fill(0);
  for (let r = 0; r < runs.length; r += 2) {
    const y = (runs[r]! / width) | 0;
    const from = runs[r]! - y * width;
    const to = runs[r + 1]! - y * width;
    const row = (y >> 1) * sw;
    touched.fill(1, row + max(0, (from >> 1) - reach), row + min(sw, ((to - 1) >> 1) + reach + 1));
  }
  // Grown by the reach vertically too: each span of touched cells marks the rows around it.
  const touchedSpans = setSpans(touched, sw, sh, scratchI32('guided.touchedSpans', 3 * sh * (((sw + 1) >> 1) + 1)));
  const near = scratchU8('guided.near', sw * sh).fill(0);
  for (let s = 0; s < touchedSpans.length; s += 3) {
    const j = touchedSpans[s]!;
    for (let v = max(0, j - reach); v < min(sh, j + reach + 1); v++) near.fill(1, v * sw + touchedSpans[s + 1]!, v * sw + touchedSpans[s + 2]!);
  }
  return setSpans(near, sw, sh, scratchI32('guided.spans', 3 * sh * (((sw + 1) >> 1) + 1)));
}

/** The runs of set cells of a w×h mask, as (row, from, to) triples in row order, in `out` (large enough). */
function setSpans(mask: Uint8Array, w: number, h: number, out: Int32Array): Int32Array {
  let count = 0;
  for (let j = 0; j < h; j++) {
    for (let c = 0; c < w; ) {
      if (!mask[j * w + c]) {
        c++;
        continue;
      }
      let end = c + 1;
      while (end < w && mask[j * w + end]) end++;
      out[count++] = j;
      out[count++] = c;
      out[count++] = end;
      c = end;
    }
  }
  return out.subarray(0, count);
}

/**
 * boxMean (radius r, clamped at the grid's borders) written at the cells of `spans` only, each from its own
 * window: the row means rounded to float32, then their mean, as boxMean does. Right where the inputs are
 * right over the whole window (a cell within r of a span's edge may read stale cells).
 */
function spanMean(src: Float32Array, w: number, h: number, r: number, spans: Int32Array, out: Float32Array): Float32Array {
  const tmp = scratchF32('guided.rowMean', src.length);
  spanRowMeans(src, w, r, spans, tmp);
  spanColumnMeans(tmp, w, h, r, spans, out);
  return out;
}

// spanMean's two passes are functions of their own: each is optimised with its own loop's type feedback
// (as one function, the optimised code of the first loop was thrown away on reaching the second, every call).

/** The horizontal means of radius r at the cells of `spans`, into `tmp` (not rounded beyond its float32 store). */
function spanRowMeans(src: Float32Array, w: number, r: number, spans: Int32Array, tmp: Float32Array): void {
  for (let s = 0; s < spans.length; s += 3) {
    const row = spans[s]! * w;
    for (let c = spans[s + 1]!, end = spans[s + 2]!; c < end; c++) {
      const from = max(0, c - r);
      const to = min(w - 1, c + r);
      let sum = 0;
      for (let u = row + from; u <= row + to; u++) sum += src[u]!;
      tmp[row + c] = sum / (to - from + 1);
    }
  }
}

/** The vertical means of radius r of `tmp` at the cells of `spans`, into `out`. */
function spanColumnMeans(tmp: Float32Array, w: number, h: number, r: number, spans: Int32Array, out: Float32Array): void {
  for (let s = 0; s < spans.length; s += 3) {
    const j = spans[s]!;
    const lo = max(0, j - r);
    const hi = min(h - 1, j + r);
    const inv = 1 / (hi - lo + 1);
    for (let c = spans[s + 1]!, end = spans[s + 2]!; c < end; c++) {
      let sum = 0;
      for (let v = lo; v <= hi; v++) sum += tmp[v * w + c]!;
      out[j * w + c] = sum * inv;
    }
  }
}

/**
 * guidedFilter where `only` lies in pixel rows [y0, y1): run on those rows and as many around them as its
 * box means and the upsampling reach (their clamping at the window's edges stays outside the rows); the
 * result written into `alpha` at the pixels of `only`.
 */
function guidedFilterRows(alpha: Float32Array, data: Uint8Array, width: number, height: number, r: number, eps: number, only: PixelSet, [y0, y1]: [number, number]): Float32Array {
  // In half-resolution rows: two box means of radius rs, one bilinear neighbour, one for rounding.
  const reach = 2 * max(1, floor(r / 2)) + 2;
  const top = max(0, ((y0 >> 1) - reach) * 2);
  const bottom = min(height, (((y1 + 1) >> 1) + reach) * 2);
  const shift = top * width;
  const onlyWithin = { mask: only.mask.subarray(shift, bottom * width), runs: shiftedRuns(only.runs, shift) };
  guidedFilter(alpha.subarray(shift, bottom * width), data.subarray(shift * 3, bottom * width * 3), width, bottom - top, r, eps, onlyWithin);
  return alpha;
}

/** Pixel runs moved `shift` pixels back (a loop, not a closure made per call: it was compiled again on every call). */
function shiftedRuns(runs: Int32Array, shift: number): Int32Array {
  const out = new Int32Array(runs.length);
  for (let i = 0; i < runs.length; i++) out[i] = runs[i]! - shift;
  return out;
}

/** The guided filter's guide at byte `k` of interleaved RGB: luminance 0..1, rounded to a float32 as it is stored. */
function luminance(data: Uint8Array, k: number): number {
  return fround((0.299 * data[k]! + 0.587 * data[k + 1]! + 0.114 * data[k + 2]!) / 255);
}

/**
 * Pixels decontamination recolours: partly transparent ones in the band, and the opaque rim within 2 px of
 * them; on the band's runs (stale elsewhere, never read there).
 */
export function edgePixels(alpha: Float32Array, band: PixelSet, width: number): PixelSet {
  const edge = scratchU8('decontaminate.edge', alpha.length);
  const { runs } = band;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) edge[i] = band.mask[i] && (alpha[i]! < 0.98 || nearTransparent(alpha, i, width)) ? 1 : 0;
  }
  return { mask: edge, runs };
}

/**
 * The person colour at the `edge` pixels from opaque pixels only (alpha 1 with 2 px of opaque pixels on
 * each side): the estimate the keying used also takes mixed hair pixels, which carry the old backdrop.
 * Interleaved r, g, b, spread per pixel, valid at the edge pixels (a reused buffer: the next matte overwrites it).
 */
export function opaquePersonColour(data: Uint8Array, width: number, height: number, alpha: Float32Array, edge: PixelSet, model: BackgroundModel): Float32Array {
  const n = width * height;
  const solid = scratchU8('decontaminate.solid', n);
  const w2 = 2 * width;
  // Only the pixels the person colour samples are set (the rest of the buffer is stale and never read).
  for (let y = 0; y < height; y += PERSON_SAMPLE_STRIDE) {
    for (let i = y * width, end = i + width; i < end; i += PERSON_SAMPLE_STRIDE) {
      solid[i] =
        alpha[i]! >= 0.98 && i >= w2 && i < n - w2 && alpha[i - 2]! >= 0.98 && alpha[i + 2]! >= 0.98 && alpha[i - w2]! >= 0.98 && alpha[i + w2]! >= 0.98 ? 1 : 0;
    }
  }
  return estimatePersonColour(data, width, height, solid, edge, model);
}

/**
 * Colour decontamination: solve I = αF + (1−α)B for F where alpha is partial, so the old backdrop does
 * not tint hair once composited on a new colour. At low alpha that solution is mostly noise, so it leans
 * on the nearby opaque person colour P instead; and since a slightly wrong local B or α still leaves some
 * backdrop in F, any shift of F's colour (brightness aside) from P towards B's is removed: an edge pixel
 * never gets more backdrop-coloured than the person next to it.
 */
function nearTransparent(alpha: Float32Array, i: number, width: number): boolean {
  const n = alpha.length;
  const w2 = 2 * width;
  // The two rows at the top and bottom are never the rim of a portrait's edge.
  if (i < w2 || i >= n - w2) return false;
  return (
    alpha[i - 1]! < 0.98 ||
    alpha[i + 1]! < 0.98 ||
    alpha[i - 2]! < 0.98 ||
    alpha[i + 2]! < 0.98 ||
    alpha[i - width]! < 0.98 ||
    alpha[i + width]! < 0.98 ||
    alpha[i - w2]! < 0.98 ||
    alpha[i + w2]! < 0.98
  );
}

/** Recolours the `edge` pixels of `out`, which holds a copy of the image (elsewhere the source colour is kept). */
export function decontaminate(data: Uint8Array, alpha: Float32Array, edge: PixelSet, bgColour: Float32Array, personColour: Float32Array, out: Uint8Array): void {
  const { mask, runs } = edge;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      // Outside the band alpha is 0 or 1, far from any edge: the source colour is as good as any; so it is
      // for opaque pixels, except on the opaque rim (within 2 px of a partly transparent one), where mixed
      // pixels the matte rounded up to 1 still carry the backdrop.
      if (!mask[i]) continue;
      const a = alpha[i]!;
      const k = i * 3;
      const lean = a >= 0.98 ? 1 : clamp01((a - 0.05) / 0.45);
      const inv = 1 / max(a, 0.05);
      // Per channel (unrolled): the solved colour leaning on P, and B − P.
      const P0 = personColour[i * 4]!;
      const P1 = personColour[i * 4 + 1]!;
      const P2 = personColour[i * 4 + 2]!;
      const B0 = bgColour[k]!;
      const B1 = bgColour[k + 1]!;
      const B2 = bgColour[k + 2]!;
      const F0 = lean * solvedChannel(B0, data[k]!, inv) + (1 - lean) * P0;
      const F1 = lean * solvedChannel(B1, data[k + 1]!, inv) + (1 - lean) * P1;
      const F2 = lean * solvedChannel(B2, data[k + 2]!, inv) + (1 - lean) * P2;
      let ur = B0 - P0;
      let ug = B1 - P1;
      let ub = B2 - P2;
      // Only the colour of the shift counts, not its brightness: a grey highlight on dark hair in front of a
      // red wall is not red, and taking it away along B − P would leave it cyan.
      const grey = (ur + ug + ub) / 3;
      ur -= grey;
      ug -= grey;
      ub -= grey;
      const len2 = ur * ur + ug * ug + ub * ub;
      const towards = len2 > 1 ? ((F0 - P0) * ur + (F1 - P1) * ug + (F2 - P2) * ub) / len2 : 0;
      const t = towards > 0 ? towards : 0;
      out[k] = byte(F0 - t * ur);
      out[k + 1] = byte(F1 - t * ug);
      out[k + 2] = byte(F2 - t * ub);
    }
  }
}

/** I = αF + (1−α)B solved for F in one channel (`inv` = 1/α), clamped to 0..255. */
function solvedChannel(B: number, I: number, inv: number): number {
  const solved = B + (I - B) * inv;
  return solved < 0 ? 0 : solved > 255 ? 255 : solved;
}

/** A channel value rounded and clamped to a byte. */
function byte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : round(v);
}
