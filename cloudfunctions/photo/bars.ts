/**
 * Plain bars around a photo: the black bars of a screenshot taken in a phone's gallery, the white border of a
 * scanned print. They are not the backdrop the student stood in front of, so the engine judges the photo inside
 * them (judged with them, a plain grey backdrop failed BACKGROUND_CLUTTERED).
 *
 * A bar is a run of whole rows (or columns) from an edge inwards, each of one colour (a phone's status bar, its
 * time and icons, aside), that ends in a straight line across the whole picture: the first row past it differs
 * from the bar over most of its length. A plain backdrop, however flat (a studio's digital white), ends at the
 * person: the first row past it differs only where the head or a shoulder is, so it is never taken for a bar.
 */
import type { RgbImage } from './image';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { abs, max, min } = Math;

/** Per-channel difference from the bar's colour within which a pixel belongs to it (JPEG noise on a flat bar). */
const TOLERANCE = 12;
/** Share of a line's pixels that must match for the line to belong to the bar (a stray speck of dust). */
const MATCHING = 0.98;
/** A phone's status bar (the time, the battery) or its navigation buttons: within this share of the height from
 * the top or the bottom edge, a bar's rows may carry that much else. */
const STATUS_ZONE = 0.06;
const STATUS_MATCHING = 0.8;
/** Share of the line past the bar that must differ from it: the bar's edge is a line across the picture. */
const DIFFERING = 0.6;
/** How far (per channel) the bar's body (up to its last few lines) may lie from its first line: a bar is one colour
 * throughout, whereas a backdrop's gradient, which also leaves its first colour behind all along a line, gets there by drifting. */
const DRIFT = 4;
/** Lines past the bar that may still be mixed with it (resampling, JPEG ringing): trimmed with the bar, and the first line of the picture with them. */
const TRANSITION = 3;
/** A bar is at least this share of the picture's side (a 1-px line at the edge is not worth trimming). */
const MIN_DEPTH = 0.01;
/** What must remain of each side once the bars are trimmed; else the picture is taken as it is. */
const MIN_REMAINING = 0.3;

/** Pixels to trim from each edge, in the image's px. */
export type Bars = { top: number; bottom: number; left: number; right: number };

/**
 * A line of the image: `count` pixels from pixel `start`, `step` pixels apart (a row or a column). The image's
 * geometry is passed along so the four edges are walked by one function.
 */
type Line = { start: number; step: number; count: number };

function lineAt(image: RgbImage, edge: keyof Bars, depth: number): Line {
  const { width, height } = image;
  if (edge === 'top') return { start: depth * width, step: 1, count: width };
  if (edge === 'bottom') return { start: (height - 1 - depth) * width, step: 1, count: width };
  if (edge === 'left') return { start: depth, step: width, count: height };
  return { start: width - 1 - depth, step: width, count: height };
}

/** The share of a line's pixels within `tolerance` of `colour` in every channel. */
function matchingShare(data: Uint8Array, { start, step, count }: Line, colour: readonly number[], tolerance: number): number {
  let matching = 0;
  for (let k = 0, i = start * 3; k < count; k++, i += step * 3) {
    if (abs(data[i]! - colour[0]!) <= tolerance && abs(data[i + 1]! - colour[1]!) <= tolerance && abs(data[i + 2]! - colour[2]!) <= tolerance) matching++;
  }
  return matching / count;
}

/** The mean colour of a line. */
function meanColour(data: Uint8Array, { start, step, count }: Line): number[] {
  const sum = [0, 0, 0];
  for (let k = 0, i = start * 3; k < count; k++, i += step * 3) {
    sum[0]! += data[i]!;
    sum[1]! += data[i + 1]!;
    sum[2]! += data[i + 2]!;
  }
  return sum.map((s) => s / count);
}

/** How many lines from `edge` inwards are a bar (0 when there is none). */
function barDepth(image: RgbImage, edge: keyof Bars): number {
  const rows = edge === 'top' || edge === 'bottom';
  const side = rows ? image.height : image.width;
  const colour = meanColour(image.data, lineAt(image, edge, 0));
  const statusRows = rows ? STATUS_ZONE * side : 0;
  let depth = 0;
  while (depth < side && matchingShare(image.data, lineAt(image, edge, depth), colour, TOLERANCE) >= (depth < statusRows ? STATUS_MATCHING : MATCHING)) depth++;
  if (depth < max(2, MIN_DEPTH * side)) return 0;
  // Its body, that is: the last few lines may take colour from the picture (JPEG's chroma, sampled per 2×2 px).
  const body = meanColour(image.data, lineAt(image, edge, max(0, depth - 1 - TRANSITION)));
  if (body.some((c, i) => abs(c - colour[i]!) > DRIFT)) return 0;
  // The picture begins within a few lines: one that differs from the bar over most of its length. It goes too,
  // being mixed with the bar as often as not (JPEG's chroma, resampling).
  for (let past = depth; past < min(side - 1, depth + TRANSITION + 1); past++) {
    if (1 - matchingShare(image.data, lineAt(image, edge, past), colour, TOLERANCE) >= DIFFERING) return past + 1;
  }
  return 0;
}

/** The plain bars around `image`, or undefined when it has none (or trimming them would leave too little). */
export function findBars(image: RgbImage): Bars | undefined {
  const bars: Bars = { top: barDepth(image, 'top'), bottom: barDepth(image, 'bottom'), left: barDepth(image, 'left'), right: barDepth(image, 'right') };
  if (!bars.top && !bars.bottom && !bars.left && !bars.right) return undefined;
  const width = image.width - bars.left - bars.right;
  const height = image.height - bars.top - bars.bottom;
  if (width < MIN_REMAINING * image.width || height < MIN_REMAINING * image.height) return undefined;
  return bars;
}
