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

/** Where the region leaves the source: the inscribed rectangle, and the pixels inside it next to an edge. */
type SourceEdges = {
  valid: Framing['valid'];
  /** Inside pixels whose neighbour above lies beyond the source's top; likewise below, left of, right of. */
  nextTo: { top: Int32Array; bottom: Int32Array; left: Int32Array; right: Int32Array };
};

/** The edges depend only on the region's `outside`, which every framing of one photo (coarse, refined) shares. */
const edgesOf = new WeakMap<Uint8Array, SourceEdges>();

/** Whether a 32-bit word holds a zero byte (the usual bit trick). */
function hasZeroByte(w: number): boolean {
  return ((w - 0x01010101) & ~w & 0x80808080) !== 0;
}

/** The inside pixels next to each edge, as they are found. */
type EdgeLists = { top: number[]; bottom: number[]; left: number[]; right: number[] };

/** The valid rectangle while it is found: top, bottom, left, right. */
const TOP = 0, BOTTOM = 1, LEFT = 2, RIGHT = 3;

/**
 * Pixel `i` (row v, column u): when beyond an edge, it moves the valid rectangle and names its inside neighbour.
 * Module-level functions with their state as arguments, not closures made per call: the optimised code of
 * sourceEdges bound the closures of one call, deoptimised on the next call's ("wrong call target") and was
 * thrown away when the old ones died at a mark-compact.
 */
function visit(outside: Uint8Array, width: number, height: number, i: number, v: number, u: number, valid: Int32Array, lists: EdgeLists): void {
  const o = outside[i]!;
  if (o === 0) return;
  if (o & 1) {
    if (v + 1 > valid[TOP]!) valid[TOP] = v + 1;
    if (v < height - 1 && outside[i + width] === 0) lists.top.push(i + width);
  }
  if (o & 2) {
    if (v < valid[BOTTOM]!) valid[BOTTOM] = v;
    if (v > 0 && outside[i - width] === 0) lists.bottom.push(i - width);
  }
  if (o & 4) {
    if (u + 1 > valid[LEFT]!) valid[LEFT] = u + 1;
    if (u < width - 1 && outside[i + 1] === 0) lists.left.push(i + 1);
  }
  if (o & 8) {
    if (u < valid[RIGHT]!) valid[RIGHT] = u;
    if (u > 0 && outside[i - 1] === 0) lists.right.push(i - 1);
  }
}

/** The inside pixels among the four from `j` go to `list`; a whole aligned word is read at once. */
function insideOfFour(outside: Uint8Array, words: Uint32Array, j: number, list: number[]): void {
  if ((j & 3) === 0 && !hasZeroByte(words[j >> 2]!)) return;
  for (let k = j; k < j + 4; k++) if (outside[k] === 0) list.push(k);
}

/**
 * One pass over `outside`: only pixels beyond an edge do any work, and they name their inside neighbour. Four
 * pixels at a time where the array is 4-byte aligned: a word inside the source is skipped, and a word of four
 * pixels beyond the same edges (most of the region's margin) is handled at once — only its neighbours across
 * those edges can lie inside (the same pixels, in the same order, as one at a time).
 */
function sourceEdges(outside: Uint8Array, width: number, height: number): SourceEdges {
  const known = edgesOf.get(outside);
  if (known) return known;
  const valid = Int32Array.of(0, height, 0, width);
  const lists: EdgeLists = { top: [], bottom: [], left: [], right: [] };
  const words = outside.byteOffset % 4 === 0 ? new Uint32Array(outside.buffer, outside.byteOffset, (width * height) >> 2) : new Uint32Array(0);
  const wordEnd = words.length * 4;
  for (let v = 0; v < height; v++) {
    const row = v * width;
    const end = row + width;
    let i = row;
    if (end <= wordEnd) {
      for (; i < end && (i & 3) !== 0; i++) visit(outside, width, height, i, v, i - row, valid, lists);
      for (; i + 4 <= end; i += 4) {
        const w = words[i >> 2]!;
        if (w === 0) continue;
        const o = w & 0xff;
        if (w !== o * 0x01010101) {
          for (let k = i; k < i + 4; k++) visit(outside, width, height, k, v, k - row, valid, lists);
          continue;
        }
        const u = i - row;
        if (o & 1) {
          if (v + 1 > valid[TOP]!) valid[TOP] = v + 1;
          if (v < height - 1) insideOfFour(outside, words, i + width, lists.top);
        }
        if (o & 2) {
          if (v < valid[BOTTOM]!) valid[BOTTOM] = v;
          if (v > 0) insideOfFour(outside, words, i - width, lists.bottom);
        }
        // Across a left or right edge, only the last (first) pixel's neighbour lies outside the word.
        if (o & 4) {
          if (u + 4 > valid[LEFT]!) valid[LEFT] = u + 4;
          if (u + 4 < width && outside[i + 4] === 0) lists.left.push(i + 4);
        }
        if (o & 8) {
          if (u < valid[RIGHT]!) valid[RIGHT] = u;
          if (u > 0 && outside[i - 1] === 0) lists.right.push(i - 1);
        }
      }
    }
    for (; i < end; i++) visit(outside, width, height, i, v, i - row, valid, lists);
  }
  const edges: SourceEdges = {
    valid: { left: valid[LEFT]!, right: valid[RIGHT]!, top: valid[TOP]!, bottom: valid[BOTTOM]! },
    nextTo: { top: Int32Array.from(lists.top), bottom: Int32Array.from(lists.bottom), left: Int32Array.from(lists.left), right: Int32Array.from(lists.right) },
  };
  edgesOf.set(outside, edges);
  return edges;
}

/** How many of `pixels` are person. */
function personCount(alpha: Uint8Array, pixels: Int32Array): number {
  let n = 0;
  for (let k = 0; k < pixels.length; k++) if (alpha[pixels[k]!]! >= PERSON) n++;
  return n;
}

export function measureFraming(alpha: AlphaImage, outside: Uint8Array, midU: number, eyeV: number, faceW: number, touchShare: number): Framing {
  const { width, height, data } = alpha;
  // Pixels beyond the source only move the valid rectangle; a pixel inside it counts as touching an edge when
  // it is person and its neighbour lies beyond that edge.
  const { valid, nextTo } = sourceEdges(outside, width, height);
  const counts = {
    top: personCount(data, nextTo.top),
    bottom: personCount(data, nextTo.bottom),
    left: personCount(data, nextTo.left),
    right: personCount(data, nextTo.right),
  };
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
