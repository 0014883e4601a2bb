/**
 * `gradphoto matte`'s picture (photo-standard.md §4): the refined matte the engine composites with, at the source's
 * size. Where the standard photo comes from (the refined part of the region, roll corrected and at the face's
 * scale) it is that matte itself, mapped back; elsewhere in the picture, which no standard photo shows, the
 * whole decoded picture's own refined matte. Plain bars trimmed around the photo (bars.ts) are not person.
 */
import type { Decoded } from './decode';
import { alphaImage, type AlphaImage } from './image';
import type { Matte } from './matte';
import { invert, type Region } from './region';
import { warpAlpha } from './pixels';

/** The region px nearest a refined box's edge are left to the whole picture's matte: bilinear sampling there mixes in the coarse alpha beyond it. */
const BOX_INSET = 1;

/**
 * `whole`: the refined matte of `decoded.image`. `person`: the region and its matte, when a face was measured.
 * Returns the matte at the source's upright size.
 */
export function matteAtSource(decoded: Decoded, whole: AlphaImage, person?: { region: Region; matte: Matte }): AlphaImage {
  const alpha = person ? withRegionMatte(whole, person.region, person.matte) : whole;
  const { crop, sourceWidth, sourceHeight, scale } = decoded;
  // At the decoded size of the source's crop; brought back to the crop's size, then placed in the source.
  const inCrop = scale < 1 ? warpAlpha(alpha, { a: scale, b: 0, c: 0, d: 0, e: scale, f: 0 }, crop.width, crop.height) : alpha;
  return crop.width === sourceWidth && crop.height === sourceHeight ? inCrop : placed(inCrop, crop, sourceWidth, sourceHeight);
}

/** `whole` (decoded px) with the region matte's refined part written over it, resampled into decoded px. */
function withRegionMatte(whole: AlphaImage, region: Region, matte: Matte): AlphaImage {
  const { width, height } = whole;
  const toRegion = invert(region.toDecoded);
  // Sampled as warp() samples: at each decoded pixel's centre, mapped into the region's continuous coordinates.
  const sampled = warpAlpha(matte.alpha, toRegion, width, height);
  const box = matte.refined;
  const x0 = box.x + BOX_INSET;
  const y0 = box.y + BOX_INSET;
  const x1 = box.x + box.width - BOX_INSET;
  const y1 = box.y + box.height - BOX_INSET;
  const out: AlphaImage = { data: whole.data.slice(), width, height };
  const { a, b, c, d, e, f } = toRegion;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = a * (x + 0.5) + b * (y + 0.5) + c;
      const v = d * (x + 0.5) + e * (y + 0.5) + f;
      if (u >= x0 && u < x1 && v >= y0 && v < y1) out.data[y * width + x] = sampled.data[y * width + x]!;
    }
  }
  return out;
}

/** `alpha` placed at `crop` in an otherwise transparent width × height matte. */
function placed(alpha: AlphaImage, crop: Decoded['crop'], width: number, height: number): AlphaImage {
  const out = alphaImage(width, height);
  for (let y = 0; y < alpha.height; y++) out.data.set(alpha.data.subarray(y * alpha.width, (y + 1) * alpha.width), (crop.top + y) * width + crop.left);
  return out;
}
