import type { PixelSet } from './filters';
import type { Band } from './refine';
import { scratchF32, scratchI32, scratchU8 } from './scratch';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { abs, max, min, round, sqrt } = Math;

/**
 * The person's cast shadow on the backdrop (a phone's flash, a lamp to one side): a band beside the head and
 * shoulders where the backdrop is darker, c ≈ k·B. The segmentation model takes it for part of the person, and the
 * backdrop model cannot see it (it is built where the model is sure there is no person), so without this pass it
 * is kept and shows as a grey or dark rim around the person on the new background.
 *
 * Colour alone cannot tell a shadow from a grey sweater on a white wall or a neck in shade on a beige one; colour
 * and place together can. Candidates are the pixels that fit a shade of the backdrop (fitShade) and not, about as
 * well, a shade of the person's colour nearby (keepCandidates). From the lit backdrop a search walks through
 * them; the flat ones (k steady across 4-neighbours: a shadow's body, not hair, not the ramps at its edges) form
 * connected parts, each judged whole. A part is shadow when all of it lies within a shadow's reach of the lit
 * backdrop, it does not reach where the refined band stops inside the person (a sweater goes on there), and it is
 * deep and large enough not to be a gap between strands. Its outer ramp (growing lighter towards the lit backdrop)
 * joins it; those pixels become backdrop seen in shadow, and refineAlpha keys the person's edge against the
 * shaded colour.
 */
export const SHADOW_LIMITS = {
  /** The darkest shadow taken for one (k in c ≈ k·B); darker is hair or clothes. */
  minShade: 0.35,
  /**
   * Up to the lit colour and a little beyond (noise): the soft edge of a shadow, and backdrop the model of the
   * backdrop already sees shaded but the segmentation calls person.
   */
  maxShade: 1.03,
  /** Colour left over after k·B, grey levels, at least; a shadow lit by a warmer or cooler room light drifts a little. */
  minResidual: 8,
  /** …and as a share of the shaded colour's length. */
  residualShare: 0.04,
  /**
   * A shadow's reach from the lit backdrop, in face widths: a flash beside the lens casts a thin outline, a lamp
   * to one side more (a few centimetres on a 15 cm face), and the walk from the wall around long hair is longer
   * than the offset. A lamp's shadow on ok-full-body walks 34 px at 0.2 face widths' 33.
   */
  maxDepthOfFace: 0.3,
  /** …or, when the face is not known, as a share of the picture's long side. */
  maxDepthShare: 0.05,
  /** Thinner is a strand of hair or a mixed edge, not a shadow (px). */
  minDepth: 3,
  /** Smallest shadow, as a share of the crop's long side squared. */
  minAreaShare: 0.0004,
  /** The person's own colour this much darker or lighter (k in c ≈ k·F) is the person, not a shadow. */
  personShade: [0.4, 1.3],
  /** Largest change of k to a 4-neighbour inside a shadow's body: a shadow is smooth, hair and fabric are not. */
  flatStep: 0.05,
} as const;

export type CastShadowInput = {
  data: Uint8Array;
  width: number;
  height: number;
  band: Band;
  /** The lit backdrop colour, interleaved RGB, valid on the band. */
  B: Float32Array;
  prob: Float32Array;
  noise: number;
  /** The face's width in px, when known; else the shadow's reach is taken from the picture's size. */
  faceWidth?: number;
  /** The nearby person's colour per pixel (r, g, b, spread; refine.ts's estimatePersonColour), valid where k > 0. */
  person: Float32Array;
  /** fitShade's k per band pixel, for the pixels not backdrop when it ran (overwritten: 0 where not a shadow candidate). */
  k: Float32Array;
};

/**
 * Marks the cast shadow as backdrop: sets `isBackdrop`, its shade factor k in `shade` and its cleanliness to 1 in
 * `clean` (the shadow's own edge is not clutter). Returns how many pixels it marked.
 */
export function markCastShadow({ data, width, height, band, B, prob, noise, faceWidth, person, k }: CastShadowInput, isBackdrop: Uint8Array, shade: Float32Array, clean: Float32Array): number {
  const long = max(width, height);
  const reach = faceWidth !== undefined && faceWidth > 0 ? faceWidth * SHADOW_LIMITS.maxDepthOfFace : long * SHADOW_LIMITS.maxDepthShare;
  // Depths are bytes.
  const maxDepth = min(250, max(SHADOW_LIMITS.minDepth + 1, round(reach)));
  keepCandidates(data, B, person, band.runs, noise, k);
  const walk = walkFromBackdrop(k, band, prob, isBackdrop, width, maxDepth);
  const parts = shadowParts(k, band.runs, width, walk, maxDepth, SHADOW_LIMITS.minAreaShare * long * long);
  const marked = growOuterEdge(k, width, walk, parts);
  for (let m = 0; m < marked; m++) {
    const i = parts.accepted[m]!;
    isBackdrop[i] = 1;
    shade[i] = k[i]! < 0.999 ? k[i]! : 0;
    clean[i] = 1;
  }
  return marked;
}

// The passes are functions of their own, as refineAlpha's are: V8 keeps their optimised code from photo to photo.

/** The 4-neighbour `dir` (0 left, 1 right, 2 up, 3 down) of pixel i at column x, or -1 beyond the picture. */
function neighbour(i: number, x: number, dir: number, width: number, n: number): number {
  if (dir === 0) return x > 0 ? i - 1 : -1;
  if (dir === 1) return x < width - 1 ? i + 1 : -1;
  if (dir === 2) return i >= width ? i - width : -1;
  return i + width < n ? i + width : -1;
}

/**
 * The search from the lit backdrop through shade-fitting pixels: the pixels reached (stamped `call` in `seen`, in
 * `queue[0, tail)`), the distance walked to each (`depth`), and which lie next to where the band stops on the
 * person's side (`atBandEnd`: what reaches there goes on into the person). No deeper than maxDepth + 1.
 */
type Walk = { depth: Uint8Array; seen: Int32Array; call: number; queue: Int32Array; tail: number; atBandEnd: Uint8Array };

function walkFromBackdrop(k: Float32Array, { mask: region, runs }: Band, prob: Float32Array, isBackdrop: Uint8Array, width: number, maxDepth: number): Walk {
  const n = region.length;
  const depth = scratchU8('shadow.depth', n);
  const seen = scratchI32('shadow.seen', n);
  const call = ++calls;
  const queue = scratchI32('shadow.queue', n);
  const atBandEnd = scratchU8('shadow.atBandEnd', n);
  let tail = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      if (k[i]! > 0 && touchesBackdrop(i, width, n, region, isBackdrop)) {
        seen[i] = call;
        depth[i] = 1;
        queue[tail++] = i;
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    const d = depth[i]!;
    atBandEnd[i] = 0;
    const x = i % width;
    for (let dir = 0; dir < 4; dir++) {
      const j = neighbour(i, x, dir, width, n);
      if (j < 0) continue;
      if (region[j] !== 1 && prob[j]! >= 0.5) atBandEnd[i] = 1;
      if (d > maxDepth || seen[j] === call || region[j] !== 1 || k[j]! <= 0) continue;
      seen[j] = call;
      depth[j] = d + 1;
      queue[tail++] = j;
    }
  }
  return { depth, seen, call, queue, tail, atBandEnd };
}

/** The shadow's body: `accepted[0, count)`, its pixels labelled `label` in `part`. */
type Parts = { part: Int32Array; label: number; accepted: Int32Array; count: number };

/** Flat reached pixels (the shadow's body; not the ramps at its edges, nor hair) in connected parts, each judged whole. */
function shadowParts(k: Float32Array, runs: Int32Array, width: number, walk: Walk, maxDepth: number, minArea: number): Parts {
  const { depth, seen, call, queue, tail, atBandEnd } = walk;
  const n = seen.length;
  const flat = markFlat(k, runs, width, n, seen, call, scratchU8('shadow.flat', n));
  const part = scratchI32('shadow.part', n);
  const label = ++calls;
  const members = scratchI32('shadow.members', tail);
  // The body and, by growOuterEdge, its outer edge: at most every reached pixel.
  const accepted = scratchI32('shadow.accepted', tail);
  let marked = 0;
  for (let s = 0; s < tail; s++) {
    const start = queue[s]!;
    if (!flat[start] || part[start] === label) continue;
    part[start] = label;
    members[0] = start;
    let count = 1;
    let deepest = 0;
    let open = false;
    for (let m = 0; m < count; m++) {
      const i = members[m]!;
      const d = depth[i]!;
      if (d > deepest) deepest = d;
      const x = i % width;
      for (let dir = 0; dir < 4; dir++) {
        const j = neighbour(i, x, dir, width, n);
        if (j < 0) continue;
        // A part whose edge reaches where the band stops goes on into the person: not a shadow's end.
        if (seen[j] === call && atBandEnd[j]) open = true;
        if (!flat[j] || part[j] === label) continue;
        part[j] = label;
        members[count++] = j;
      }
    }
    if (open || deepest > maxDepth || deepest < SHADOW_LIMITS.minDepth || count < minArea) continue;
    for (let m = 0; m < count; m++) accepted[marked++] = members[m]!;
  }
  return { part, label, accepted, count: marked };
}

/**
 * The shadow's soft or hard outer edge, appended to `parts.accepted`: from its body outwards, reached pixels
 * growing lighter. (Its inner edge grows darker towards the person and is keyed as the person's edge.) Returns
 * the body's and the edge's count.
 */
function growOuterEdge(k: Float32Array, width: number, { seen, call }: Walk, { part, label, accepted, count }: Parts): number {
  const n = seen.length;
  let marked = count;
  for (let h = 0; h < marked; h++) {
    const i = accepted[h]!;
    const x = i % width;
    for (let dir = 0; dir < 4; dir++) {
      const j = neighbour(i, x, dir, width, n);
      if (j < 0 || seen[j] !== call || part[j] === label || k[j]! < k[i]! - SHADOW_LIMITS.flatStep) continue;
      part[j] = label;
      accepted[marked++] = j;
    }
  }
  return marked;
}
let calls = 0;
/** How many times farther (squared) from the person's shades than from the backdrop's a shadow's colour must be. */
const PERSON_MARGIN = 4;

/** The residual a shade of the backdrop may leave, grey levels, for shade k of a backdrop colour of length `b`. */
function allowedResidual(noise: number, k: number, b: number): number {
  return max(SHADOW_LIMITS.minResidual, 3 * noise, SHADOW_LIMITS.residualShare * k * b);
}

/**
 * Per band pixel not yet backdrop: k when its colour is a shade of the backdrop, k·B with k in the shadow's range,
 * within the residual allowed; else 0. Stale off the band.
 */
export function fitShade(data: Uint8Array, B: Float32Array, runs: Int32Array, isBackdrop: Uint8Array, noise: number): ShadeFit {
  const n = data.length / 3;
  const out = scratchF32('shadow.k', n);
  const fits = scratchU8('shadow.fits', n);
  let count = 0;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!, c = i * 3; i < end; i++, c += 3) {
      out[i] = 0;
      fits[i] = 0;
      if (isBackdrop[i] === 1) continue;
      const br = B[c]!;
      const bg = B[c + 1]!;
      const bb = B[c + 2]!;
      const b2 = br * br + bg * bg + bb * bb;
      if (b2 <= 0) continue;
      const pr = data[c]!;
      const pg = data[c + 1]!;
      const pb = data[c + 2]!;
      const f = (pr * br + pg * bg + pb * bb) / b2;
      if (f < SHADOW_LIMITS.minShade || f > SHADOW_LIMITS.maxShade) continue;
      const residual2 = pr * pr + pg * pg + pb * pb - f * f * b2;
      const allowed = allowedResidual(noise, f, sqrt(b2));
      if (residual2 <= allowed * allowed) {
        out[i] = f;
        fits[i] = 1;
        count++;
      }
    }
  }
  return { k: out, fits: { mask: fits, runs }, count };
}

/** fitShade's result: k per band pixel (0 where no shade of the backdrop fits), the pixels that fit, how many. */
export type ShadeFit = { k: Float32Array; fits: PixelSet; count: number };

/**
 * Clears k where a shade of the nearby person's colour fits a pixel about as well as the backdrop's: skin in shade
 * (a neck on a beige wall), a grey sweater on a white one.
 */
function keepCandidates(data: Uint8Array, B: Float32Array, F: Float32Array, runs: Int32Array, noise: number, k: Float32Array): void {
  const [lo, hi] = SHADOW_LIMITS.personShade;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!, c = i * 3; i < end; i++, c += 3) {
      const f = k[i]!;
      if (f <= 0) continue;
      const pr = data[c]!;
      const pg = data[c + 1]!;
      const pb = data[c + 2]!;
      const fr = F[i * 4]!;
      const fg = F[i * 4 + 1]!;
      const fb = F[i * 4 + 2]!;
      const f2 = fr * fr + fg * fg + fb * fb;
      if (f2 <= 0) continue;
      const kp = (pr * fr + pg * fg + pb * fb) / f2;
      if (kp < lo || kp > hi) continue;
      const br = B[c]!;
      const bg = B[c + 1]!;
      const bb = B[c + 2]!;
      const b2 = br * br + bg * bg + bb * bb;
      const p2 = pr * pr + pg * pg + pb * pb;
      const residual2 = max(0, p2 - f * f * b2);
      const allowed = allowedResidual(noise, f, sqrt(b2));
      if (p2 - kp * kp * f2 <= max(allowed * allowed, PERSON_MARGIN * residual2)) k[i] = 0;
    }
  }
}

/** Reached shade-fitting pixels whose 4-neighbours were reached too, with a k within flatStep of theirs; set on the band's runs. */
function markFlat(k: Float32Array, runs: Int32Array, width: number, n: number, seen: Int32Array, call: number, flat: Uint8Array): Uint8Array {
  const step = SHADOW_LIMITS.flatStep;
  for (let r = 0; r < runs.length; r += 2) {
    for (let i = runs[r]!, end = runs[r + 1]!; i < end; i++) {
      flat[i] = 0;
      if (seen[i] !== call) continue;
      const x = i % width;
      if (x === 0 || x === width - 1 || i < width || i + width >= n) continue;
      const v = k[i]!;
      if (seen[i - 1] !== call || seen[i + 1] !== call || seen[i - width] !== call || seen[i + width] !== call) continue;
      if (abs(k[i - 1]! - v) <= step && abs(k[i + 1]! - v) <= step && abs(k[i - width]! - v) <= step && abs(k[i + width]! - v) <= step) flat[i] = 1;
    }
  }
  return flat;
}

/** Whether a 4-neighbour of band pixel i is backdrop already. */
function touchesBackdrop(i: number, width: number, n: number, region: Uint8Array, isBackdrop: Uint8Array): boolean {
  const x = i % width;
  for (let dir = 0; dir < 4; dir++) {
    const j = neighbour(i, x, dir, width, n);
    if (j >= 0 && region[j] === 1 && isBackdrop[j] === 1) return true;
  }
  return false;
}
