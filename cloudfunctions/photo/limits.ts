/**
 * Every number the engine judges by, in one table (photo-standard.md §1–§2). Output geometry is given for
 * 480×640 and scaled for the print size.
 */
export const LIMITS = {
  input: {
    maxBytes: 20 * 1024 * 1024,
    maxPixels: 50_000_000,
    /** Long side the source is decoded to at most. */
    decodeLongSide: 2000,
    /** A JPEG is first decoded to a third of its long side when that is at least this (libjpeg then shrinks by 2
     * while decoding; sharp asks it to only for a shrink of 3 or more), and again at decodeLongSide only when
     * the face came out smaller than the output needs. */
    quickDecodeMinLongSide: 1000,
    /** The face detectors crop and resample their image to their own 192 px inputs (bilinearly, as MediaPipe does
     * with a camera frame). An image up to this long side (a 1 MP photo, a 12 MP one's quick decode) is handed over
     * as it is: shrinking it in sharp first cost about 10 ms a photo and moved the fixtures' measures by a rounding
     * step (0.1–0.6°, a pixel or two). */
    detectAsIsLongSide: 1400,
    /** A larger image (a full 2000 px decode) is shrunk to this long side first: cheaper than converting it all. */
    detectLongSide: 768,
  },
  output: {
    width: 480,
    height: 640,
    eyeLineY: { target: 250, min: 200, max: 300 },
    faceWidth: { target: 240, min: 180, max: 300 },
    headTopY: { target: 80, min: 50, max: 110 },
    centerX: { target: 240, tolerance: 10 },
    /** Share of the output height that may be extended below the source (shoulders must be there). */
    maxBottomExtension: 0.03,
    maxUpscale: 1.25,
    warnUpscale: 1.0,
    dpi: 300,
    fileSizeKB: { min: 20, max: 40 },
    minJpegQuality: 60,
    maxJpegQuality: 95,
  },
  face: {
    /** Smallest face counted as a face: its detector box side as a share of the image's long side (16 px at 768). */
    minCountedFaceOfLongSide: 16 / 768,
    /** A second face counts when it is at least this share of the main face's width (background faces too). */
    minCountedFaceShare: 0.12,
    maxRollCorrectedDeg: 10,
    maxYawDeg: 10,
    maxPitchDeg: 12,
    /** Eyelid gap over eye width (both eyes must reach it). */
    minEyeOpen: 0.14,
    /** Inner-lip gap over mouth width. */
    maxMouthGap: 0.1,
    /** Share of the inner mouth area that looks like teeth. */
    maxTeethShare: 0.12,
  },
  /** The head touches an edge of the source when person pixels reach it over this share of the face width. */
  framing: { touchShareOfFace: 0.05 },
  quality: {
    /** Sharpness score (0..1) of the face, see checks/quality.ts. */
    minSharpness: 0.12,
    minFaceLuma: 80,
    maxFaceLuma: 225,
    maxClippedShare: 0.08,
    /** Relative brightness difference between the two halves of the face. */
    maxHalfDifference: 0.4,
    /** Skin hue (degrees in the CbCr plane) and the neutral band around it. */
    skinHue: { min: 95, max: 165 },
    /** Where skin hues lie in neutral light (measured 118–143° on the fixtures and the faces cut out of them): outside it, inside
     * skinHue, the skin counts as cast only if the bright areas are coloured too (a sepia filter 152–159°, 10 % tints 94–112° and 146–176°). */
    usualSkinHue: { min: 108, max: 148 },
    /** Skin chroma over luma (see checks/colour-cast.ts: over it, the skin counts as cast only if the bright areas are coloured too). */
    maxSkinChroma: 0.45,
    /** Bright areas (the brightest tenth of the picture) with a mean chroma up to this (grey levels) are neutral: measured 0–11
     * on the neutrally lit fixtures (Obama's portrait 8), 19–33 on the warm-lit party photo bad-group and its people, 13–27
     * after a 10 % warm, cool, green or magenta tint of a fixture. */
    maxNeutralChroma: 12,
    /** Skin chroma in grey levels (not over luma) beyond natural skin in any light: Obama's official portrait has 68, a 20 % warm tint of any fixture 88–116. */
    maxSkinChromaAbsolute: 90,
    /** Blockiness: gradient across 8-px block edges over gradient inside blocks. */
    maxBlockiness: 1.6,
  },
  background: {
    /** Share of background pixels on a strong edge (objects, texture). */
    maxEdgeShare: 0.04,
    warnEdgeShare: 0.02,
    /** Spread of background colour after removing a smooth gradient (grey levels). */
    maxResidualStd: 14,
    /** Clothing pixels within this CIE76 ΔE of the target background count as blending. */
    clothingDeltaE: 22,
    maxBlendingShare: 0.4,
  },
} as const;

export const BACKGROUNDS = {
  blue: [100, 197, 255],
  white: [255, 255, 255],
  grey: [240, 240, 240],
} as const satisfies Record<string, readonly [number, number, number]>;
export type BackgroundName = keyof typeof BACKGROUNDS;

export const OUTPUT_SIZES = { '480x640': 1, '960x1280': 2 } as const;
export type OutputSize = keyof typeof OUTPUT_SIZES;
