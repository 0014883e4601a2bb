/**
 * The standard photo's geometry (photo-standard.md §1), as fractions of the 480×640 frame, for the
 * guide overlays of the camera and the review screen.
 */
export const STANDARD = { width: 480, height: 640 } as const

export const GUIDE = {
  /** Top of the hair: allowed 50–110 px from the top edge. */
  headTopMin: 50 / STANDARD.height,
  headTopMax: 110 / STANDARD.height,
  /** Eye line: target 250 px from the top. */
  eyeLine: 250 / STANDARD.height,
  /** Face (cheek to cheek): target 240 px wide, centred at x = 240. */
  faceWidth: 240 / STANDARD.width,
  centerX: 240 / STANDARD.width,
} as const

export const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`
