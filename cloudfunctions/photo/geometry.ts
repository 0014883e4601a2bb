/**
 * Geometry solver (photo-standard.md §1): the scale and crop that put the face on the standard's targets, or
 * the nearest geometry inside every allowed band when the source does not allow the targets. Works in region
 * coordinates; the output is `s` output px per region px with its top-left corner at region (ox, oy).
 */
import type { Framing } from './framing';
import { LIMITS } from './limits';

export type GeometryInput = {
  eyeV: number;
  midU: number;
  faceW: number;
  framing: Framing;
  /** region px per source px: the upscale of a crop is s × this. */
  regionPerSource: number;
  /** 1 for 480×640, 2 for 960×1280. */
  sizeFactor: number;
};

export type Geometry = {
  s: number;
  ox: number;
  oy: number;
  width: number;
  height: number;
  eyeLineY: number;
  faceWidthPx: number;
  headTopY: number;
  centerX: number;
  upscale: number;
  /** Output rows below the source, as a share of the output height. */
  bottomExtension: number;
  /** The head top could not be put inside its band without leaving another band (face and eyes come first). */
  headTopOutOfBand: boolean;
};

/** What keeps every framing out of the bands: the source ends too close below the face (the shoulders would be
 * missing), or the person touches a side the crop would have to go past (it may not be padded there). */
export type FramingBlock = 'bottom' | 'left' | 'right';

export type GeometryResult =
  | { ok: true; geometry: Geometry }
  | { ok: false; reason: 'RESOLUTION_LOW'; upscaleNeeded: number }
  | { ok: false; reason: 'FRAMING_INCOMPLETE'; upscaleNeeded: number; blockedBy: FramingBlock[] };

/** Output px that always stay above the hair. */
const MIN_HEAD_MARGIN = 8;

/** Which limits the search may ignore (`bottom` and `sides` only to say which limit a failed framing met). */
type Relax = { headTop: boolean; upscale: boolean; margin: number; bottom?: boolean; sides?: boolean };

/**
 * The search first keeps this many output px inside each band's edges, so the written photo, measured again
 * by its own face detection, still lands inside the band; tighter sources get the smaller margins.
 */
const BAND_MARGINS = [6, 3, 0];

function search(g: GeometryInput, relax: Relax): Geometry | undefined {
  const o = LIMITS.output;
  const f = g.sizeFactor;
  const W = o.width * f;
  const H = o.height * f;
  const { valid, touches } = g.framing;
  let best: Geometry | undefined;
  let bestCost = Infinity;
  const m = relax.margin * f;
  for (let faceOut = o.faceWidth.min * f + m; faceOut <= o.faceWidth.max * f - m; faceOut += f) {
    const s = faceOut / g.faceW;
    const upscale = s * g.regionPerSource;
    if (!relax.upscale && upscale > o.maxUpscale + 1e-9) continue;
    // Horizontal: the face midline at the centre, moved within the tolerance when a touched side requires it.
    let cLo = (o.centerX.target - o.centerX.tolerance / 2) * f;
    let cHi = (o.centerX.target + o.centerX.tolerance / 2) * f;
    if (touches.left && !relax.sides) cHi = Math.min(cHi, s * (g.midU - valid.left));
    if (touches.right && !relax.sides) cLo = Math.max(cLo, W - s * (valid.right - g.midU));
    if (cLo > cHi) continue;
    const cOut = Math.min(Math.max(o.centerX.target * f, cLo), cHi);
    const ox = g.midU - cOut / s;
    for (let eyeOut = o.eyeLineY.min * f + m; eyeOut <= o.eyeLineY.max * f - m; eyeOut += f) {
      const oy = g.eyeV - eyeOut / s;
      if (touches.top && oy < valid.top - 1e-6) continue;
      const bottomExtension = Math.max(0, H - s * (valid.bottom - oy)) / H;
      if (bottomExtension > o.maxBottomExtension && !relax.bottom) continue;
      const headOut = s * (g.framing.headTopV - oy);
      const headIn = headOut >= o.headTopY.min * f + m && headOut <= o.headTopY.max * f - m;
      if (!relax.headTop && !headIn) continue;
      // Even when the head top may leave its band, the hair is never cut off.
      if (headOut < MIN_HEAD_MARGIN * f) continue;
      const cost =
        ((faceOut / f - o.faceWidth.target) / 60) ** 2 +
        ((eyeOut / f - o.eyeLineY.target) / 50) ** 2 +
        0.5 * ((headOut / f - o.headTopY.target) / 30) ** 2 +
        0.1 * ((cOut / f - o.centerX.target) / 10) ** 2 +
        (upscale > o.warnUpscale ? (upscale - o.warnUpscale) * 2 : 0);
      if (cost < bestCost) {
        bestCost = cost;
        best = {
          s,
          ox,
          oy,
          width: W,
          height: H,
          eyeLineY: eyeOut,
          faceWidthPx: faceOut,
          headTopY: headOut,
          centerX: cOut,
          upscale,
          bottomExtension,
          headTopOutOfBand: !headIn,
        };
      }
    }
  }
  return best;
}

export function solveGeometry(g: GeometryInput): GeometryResult {
  for (const margin of BAND_MARGINS) {
    const strict = search(g, { headTop: false, upscale: false, margin });
    if (strict) return { ok: true, geometry: strict };
  }
  const relaxed = search(g, { headTop: true, upscale: false, margin: 0 });
  if (relaxed) return { ok: true, geometry: relaxed };
  const unlimited = search(g, { headTop: true, upscale: true, margin: 0 });
  // The smallest upscale any compliant framing needs, for the report.
  const upscaleNeeded = (LIMITS.output.faceWidth.min * g.sizeFactor * g.regionPerSource) / g.faceW;
  if (unlimited) return { ok: false, reason: 'RESOLUTION_LOW', upscaleNeeded };
  return { ok: false, reason: 'FRAMING_INCOMPLETE', upscaleNeeded, blockedBy: framingBlocks(g) };
}

/** The limits a framing that fails meets: the bottom alone, the touched sides alone, or all of them. */
function framingBlocks(g: GeometryInput): FramingBlock[] {
  const loose = { headTop: true, upscale: true, margin: 0 };
  const sides = (['left', 'right'] as const).filter((side) => g.framing.touches[side]);
  if (search(g, { ...loose, bottom: true })) return ['bottom'];
  if (sides.length && search(g, { ...loose, sides: true })) return sides;
  return ['bottom', ...sides];
}
