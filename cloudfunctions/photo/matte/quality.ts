import { z } from 'zod';
import type { AlphaImage, Rgb, RgbImage } from '../image';
import { compositePixel as compositePixelExport } from './composite';
import { cellArea as cellAreaExport, cellColourSums, resizeBilinear } from './filters';
import type { BackgroundModel } from './background';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { abs, ceil, max, min, round, sqrt } = Math;
// Likewise an imported function called per pixel (CommonJS output reads it through an export getter each call).
const compositePixel = compositePixelExport;
const cellArea = cellAreaExport;

/**
 * The engine's own check of a matte before it composites: the failure modes of background replacement
 * the notices warn about — the whole photo turned blue (no person), the person cut into patches, the old
 * background left in — are measured here and reported, never delivered.
 */
export const MATTE_PROBLEMS = {
  MATTE_EMPTY: '未能识别出人像，换底后会整张变成底色，请重新拍摄完整的上半身照片',
  MATTE_FULL: '未能分离出背景，请在纯色背景前重新拍摄',
  MATTE_PATCHY: '人像抠图出现破洞或碎块，请在纯色背景前、光线均匀处重新拍摄',
  MATTE_RESIDUE: '换底后仍残留原背景，请在纯色背景前重新拍摄，衣着颜色应与背景区分明显',
} as const;
export type MatteProblem = keyof typeof MATTE_PROBLEMS;

export const matteQualitySchema = z.object({
  /** Share of the image that is person (alpha ≥ 0.5). */
  personShare: z.number(),
  /** Holes in the person and detached person fragments, as a share of the person's area. */
  holeShare: z.number(),
  /** Plain source backdrop kept as person, as a share of the person's area. */
  residueShare: z.number(),
  /** Old backdrop colour left along the edge (backdropFringe, grey levels of chroma); 0 when not measured. */
  fringe: z.number(),
  ok: z.boolean(),
  problems: z.array(z.enum(Object.keys(MATTE_PROBLEMS) as [MatteProblem, ...MatteProblem[]])),
});
export type MatteQuality = z.infer<typeof matteQualitySchema>;

/** Limits in one place. */
export const MATTE_LIMITS = {
  minPersonShare: 0.04,
  maxPersonShare: 0.97,
  maxHoleShare: 0.03,
  maxResidueShare: 0.03,
  /** Old backdrop colour left along the edge (backdropFringe, grey levels of chroma); a visible red fringe on dark hair measured 4.6. */
  maxFringe: 2.5,
  /** Smallest hole, fragment or residue patch that counts, as a share of the person's area. */
  minPatchShare: 0.001,
} as const;

/** Grid the connectivity analysis runs on: about 256 cells on the long side is plenty for patches. */
const GRID_LONG = 256;

/*
 * assessMatte's loops are functions of their own: in one long function each loop was compiled on stack
 * replacement in turn and the whole recompiled several times, through about fifteen warm makes (3 MB of boxed
 * doubles per make meanwhile).
 */

/** Per cell, the sum of its pixels' alpha. Integer sums, exact in floats in any order: each row's run of pixels in one cell is summed first. */
function cellAlphaSums(a8: Uint8Array, width: number, height: number, step: number, gw: number, alphaSum: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const row = ((y / step) | 0) * gw;
    for (let cx = 0, p = y * width; cx < gw; cx++) {
      let sum = 0;
      for (const end = y * width + min(width, (cx + 1) * step); p < end; p++) sum += a8[p]!;
      alphaSum[row + cx]! += sum;
    }
  }
}

/** Cells whose mean colour lies within `near` of the backdrop model `at` where the model is clean. */
function markBackdropLike(samples: Float64Array, colourSum: Float64Array, at: Float32Array, clean: Float32Array, near: number, backdropLike: Uint8Array): void {
  for (let ci = 0; ci < backdropLike.length; ci++) {
    const k = 1 / samples[ci]!;
    const dr = colourSum[ci * 4]! * k - at[ci * 3]!;
    const dg = colourSum[ci * 4 + 1]! * k - at[ci * 3 + 1]!;
    const db = colourSum[ci * 4 + 2]! * k - at[ci * 3 + 2]!;
    backdropLike[ci] = dr * dr + dg * dg + db * db < near * near && clean[ci]! > 0.5 ? 1 : 0;
  }
}

/** Cells at least half covered by the person (mean alpha ≥ 127.5); returns how many. */
function markPerson(alphaSum: Float32Array, gw: number, step: number, width: number, height: number, person: Uint8Array): number {
  let personCells = 0;
  for (let i = 0; i < person.length; i++) {
    person[i] = alphaSum[i]! >= 127.5 * cellArea(i, gw, step, width, height) ? 1 : 0;
    personCells += person[i]!;
  }
  return personCells;
}

/** Cells set in both masks. */
function bothSet(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! && b[i]! ? 1 : 0;
  return out;
}

/** Cells of the components that touch the grid's border. */
function touchingBorder({ labels, list }: { labels: Int32Array; list: Component[] }): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    out[i] = label >= 0 && list[label]!.touchesBorder ? 1 : 0;
  }
  return out;
}

/** `fringe`: backdropFringe of the decontaminated foreground, when known. */
export function assessMatte(image: RgbImage, alpha: AlphaImage, backdrop: BackgroundModel, fringe = 0): MatteQuality {
  const { width, height } = image;
  const step = max(1, ceil(max(width, height) / GRID_LONG));
  const gw = ceil(width / step);
  const gh = ceil(height / step);
  const cells = gw * gh;
  const person = new Uint8Array(cells);
  const backdropLike = new Uint8Array(cells);
  const alphaSum = new Float32Array(cells);
  // Per cell: the mean colour (r, g, b sums, squares unused) from every 2nd pixel of every 2nd row, as good
  // an estimate of a mean for the comparison with the backdrop; the alpha sum from every pixel.
  const samples = new Float64Array(cells);
  const colourSum = new Float64Array(cells * 4);
  cellColourSums(image.data, width, height, step, alpha.data, 0, Infinity, samples, colourSum, step > 1 ? 2 : 1);
  cellAlphaSums(alpha.data, width, height, step, gw, alphaSum);
  // A cell looks like the backdrop when its mean colour is within a few noise levels of the backdrop model there.
  const near = max(10, 4 * backdrop.noise);
  // The backdrop model at the cells' centres: its grid resampled onto this one.
  const ratio = step / backdrop.cell;
  const at = resizeBilinear(backdrop.colour, backdrop.gridWidth, backdrop.gridHeight, gw, gh, 3, ratio);
  const clean = resizeBilinear(backdrop.clean, backdrop.gridWidth, backdrop.gridHeight, gw, gh, 1, ratio);
  markBackdropLike(samples, colourSum, at, clean, near, backdropLike);
  const personCells = markPerson(alphaSum, gw, step, width, height, person);
  const personShare = personCells / cells;
  const minPatch = max(2, MATTE_LIMITS.minPatchShare * personCells);

  // Holes: background regions that do not reach the image border. Fragments: person pieces other than the largest.
  const background0 = components(person, gw, gh, 0);
  let holes = 0;
  for (const c of background0.list) if (!c.touchesBorder && c.size >= minPatch) holes += c.size;
  const people = components(person, gw, gh, 1);
  let largest = 0;
  for (const c of people.list) largest = max(largest, c.size);
  let fragments = 0;
  let largestCount = 0;
  for (const c of people.list) {
    if (c.size !== largest && c.size >= minPatch) fragments += c.size;
    if (c.size === largest) largestCount++;
  }
  if (largestCount > 1) fragments += largest;

  // Residue: backdrop-coloured person patches that touch the outer background (a leftover piece of it).
  const patches = components(bothSet(person, backdropLike), gw, gh, 1);
  const outside = touchingBorder(background0);
  let residue = 0;
  for (let id = 0; id < patches.list.length; id++) {
    const patch = patches.list[id]!;
    if (patch.size < minPatch) continue;
    if (touches(patches.labels, id, outside, gw, gh)) residue += patch.size;
  }

  const denom = max(1, personCells);
  const holeShare = (holes + fragments) / denom;
  const residueShare = residue / denom;
  const problems: MatteProblem[] = [];
  if (personShare < MATTE_LIMITS.minPersonShare) problems.push('MATTE_EMPTY');
  if (personShare > MATTE_LIMITS.maxPersonShare) problems.push('MATTE_FULL');
  if (personShare >= MATTE_LIMITS.minPersonShare && holeShare > MATTE_LIMITS.maxHoleShare) problems.push('MATTE_PATCHY');
  const leftIn = residueShare > MATTE_LIMITS.maxResidueShare || fringe > MATTE_LIMITS.maxFringe;
  if (personShare >= MATTE_LIMITS.minPersonShare && leftIn) problems.push('MATTE_RESIDUE');
  return { personShare: round4(personShare), holeShare: round4(holeShare), residueShare: round4(residueShare), fringe: round4(fringe), ok: problems.length === 0, problems };
}

const round4 = (v: number): number => round(v * 10000) / 10000;

type Component = { size: number; touchesBorder: boolean };

/** 4-connected components of the cells equal to `value`; labels are -1 elsewhere. */
function components(grid: Uint8Array, gw: number, gh: number, value: number): { labels: Int32Array; list: Component[] } {
  const labels = new Int32Array(gw * gh).fill(-1);
  const list: Component[] = [];
  const stack = new Int32Array(gw * gh);
  for (let start = 0; start < gw * gh; start++) {
    if (grid[start] !== value || labels[start] !== -1) continue;
    const id = list.length;
    const comp: Component = { size: 0, touchesBorder: false };
    list.push(comp);
    let top = 0;
    stack[top++] = start;
    labels[start] = id;
    while (top > 0) {
      const i = stack[--top]!;
      comp.size++;
      const x = i % gw;
      const y = (i / gw) | 0;
      if (x === 0 || y === 0 || x === gw - 1 || y === gh - 1) comp.touchesBorder = true;
      // Neighbours inline (no closure per cell): left, right, up, down.
      for (let d = 0; d < 4; d++) {
        if ((d === 0 && x === 0) || (d === 1 && x === gw - 1) || (d === 2 && y === 0) || (d === 3 && y === gh - 1)) continue;
        const j = d === 0 ? i - 1 : d === 1 ? i + 1 : d === 2 ? i - gw : i + gw;
        if (grid[j] === value && labels[j] === -1) {
          labels[j] = id;
          stack[top++] = j;
        }
      }
    }
  }
  return { labels, list };
}

function touches(labels: Int32Array, id: number, other: Uint8Array, gw: number, gh: number): boolean {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== id) continue;
    const x = i % gw;
    const y = (i / gw) | 0;
    if ((x > 0 && other[i - 1]) || (x < gw - 1 && other[i + 1]) || (y > 0 && other[i - gw]) || (y < gh - 1 && other[i + gw])) return true;
  }
  return false;
}

/** BT.601 chroma (Cb, Cr) of an RGB colour, 0-centred, grey levels. */
function chroma(r: number, g: number, b: number, out: Float32Array): void {
  out[0] = -0.1687 * r - 0.3313 * g + 0.5 * b;
  out[1] = 0.5 * r - 0.4187 * g - 0.0813 * b;
}

/**
 * Math.hypot of two finite numbers, the same algorithm as V8's (scaled by the larger, Kahan-summed squares),
 * so the same result to the bit: Math.hypot is a builtin call that boxes its result on the JS heap.
 */
function hypot2(x: number, y: number): number {
  const ax = abs(x);
  const ay = abs(y);
  const m = ax > ay ? ax : ay;
  if (m === 0) return 0;
  const nx = ax / m;
  const ny = ay / m;
  // V8's compensation term is exactly 0 after the first of two squares, so the sum is plain.
  return sqrt(nx * nx + ny * ny) * m;
}

/** Per column: the count and r, g, b sums of the fully opaque pixels in the window's rows around `row`. */
type OpaqueColumns = { sums: Int32Array; row: Int32Array };

/** Adds (`sign` 1) or takes away (-1) column `u`'s sums to `acc` (count, r, g, b). */
function addColumn(acc: Float64Array, { sums }: OpaqueColumns, u: number, sign: number): void {
  acc[0]! += sign * sums[u * 4]!;
  acc[1]! += sign * sums[u * 4 + 1]!;
  acc[2]! += sign * sums[u * 4 + 2]!;
  acc[3]! += sign * sums[u * 4 + 3]!;
}

/** Column `u`'s sums made current for the window around row `y`: carried down from row y − 1, else summed. */
function opaqueColumn(columns: OpaqueColumns, alpha: Uint8Array, data: Uint8Array, width: number, height: number, u: number, y: number): OpaqueColumns {
  const { sums, row } = columns;
  if (row[u] === y) return columns;
  if (row[u] === y - 1) {
    if (y - FRINGE_WINDOW - 1 >= 0) addOpaque(sums, u, alpha, data, (y - FRINGE_WINDOW - 1) * width + u, -1);
    if (y + FRINGE_WINDOW < height) addOpaque(sums, u, alpha, data, (y + FRINGE_WINDOW) * width + u, 1);
  } else {
    sums.fill(0, u * 4, u * 4 + 4);
    for (let v = max(0, y - FRINGE_WINDOW); v <= min(height - 1, y + FRINGE_WINDOW); v++) addOpaque(sums, u, alpha, data, v * width + u, 1);
  }
  row[u] = y;
  return columns;
}

/** Adds (`sign` 1) or takes away (-1) pixel `j` to column `u`'s sums if it is fully opaque. */
function addOpaque(sums: Int32Array, u: number, alpha: Uint8Array, data: Uint8Array, j: number, sign: number): void {
  if (alpha[j] !== 255) return;
  sums[u * 4]! += sign;
  sums[u * 4 + 1]! += sign * data[j * 3]!;
  sums[u * 4 + 2]! += sign * data[j * 3 + 1]!;
  sums[u * 4 + 3]! += sign * data[j * 3 + 2]!;
}

/** Window (px each side) the confident person colour next to an edge pixel is taken from. */
const FRINGE_WINDOW = 4;

/**
 * Old backdrop left in the edge band of a composite (a thin fringe of the old colour along hair): over the
 * partly transparent pixels, the mean chroma distance (grey levels) of the composite beyond what mixing the
 * nearby opaque person colour with the new background gives, measured towards the source backdrop's chroma.
 * With `composited: false`, `image` is the foreground not yet composited on `background`: only the partly
 * transparent pixels are composited here (opaque ones are their foreground colour in the composite anyway).
 */
export function backdropFringe(image: RgbImage, alpha: AlphaImage, source: Rgb, background: Rgb, opts: { composited?: boolean } = {}): number {
  const { width, height, data } = image;
  const mixed = new Uint8Array(3);
  const cS = new Float32Array(2);
  const cN = new Float32Array(2);
  const cP = new Float32Array(2);
  const cC = new Float32Array(2);
  chroma(source[0], source[1], source[2], cS);
  chroma(background[0], background[1], background[2], cN);
  // The window's opaque pixels: count and r, g, b sums (integers, so exact in any order); carried along a
  // row from one mixed pixel to the next, one column out and one in. Each column's sums over the window's
  // rows are kept too, and carried down from the row above by one row out and one in.
  const opaque = new Float64Array(4);
  const columns: OpaqueColumns = { sums: new Int32Array(width * 4), row: new Int32Array(width).fill(-2) };
  let windowAt = -1;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const a8 = alpha.data[i]!;
      if (a8 < 26 || a8 > 229) continue;
      if (opts.composited === false) {
        compositePixel(data, a8, background, i * 3, mixed, 0);
        chroma(mixed[0]!, mixed[1]!, mixed[2]!, cC);
      } else {
        chroma(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!, cC);
      }
      // The nearby opaque person colour: mean of the fully opaque pixels in the window.
      if (windowAt === i - 1 && x > 0) {
        if (x - FRINGE_WINDOW - 1 >= 0) addColumn(opaque, columns, x - FRINGE_WINDOW - 1, -1);
        if (x + FRINGE_WINDOW < width) addColumn(opaque, opaqueColumn(columns, alpha.data, data, width, height, x + FRINGE_WINDOW, y), x + FRINGE_WINDOW, 1);
      } else {
        opaque.fill(0);
        for (let u = max(0, x - FRINGE_WINDOW); u <= min(width - 1, x + FRINGE_WINDOW); u++) addColumn(opaque, opaqueColumn(columns, alpha.data, data, width, height, u, y), u, 1);
      }
      windowAt = i;
      const m = opaque[0]!;
      if (!m) continue;
      chroma(opaque[1]! / m, opaque[2]! / m, opaque[3]! / m, cP);
      const a = a8 / 255;
      const er = a * cP[0]! + (1 - a) * cN[0]!;
      const eb = a * cP[1]! + (1 - a) * cN[1]!;
      const dr = cS[0]! - er;
      const db = cS[1]! - eb;
      const len = hypot2(dr, db);
      if (len < 1) continue;
      sum += max(0, ((cC[0]! - er) * dr + (cC[1]! - eb) * db) / len);
      n++;
    }
  }
  return n ? sum / n : 0;
}
