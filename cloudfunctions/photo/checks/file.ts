/** Checks on the file itself: compression blocking and editing software named in the metadata. */
import sharp from 'sharp';
import type { SourceFormat } from '../decode';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/**
 * Blockiness of a JPEG at its own resolution and block grid: the mean luma step across 8-px block edges over
 * the mean step inside blocks, on a 256×256 patch from the middle of the stored image (where the face is).
 */
export async function jpegBlockiness(input: Buffer, format: SourceFormat): Promise<number | null> {
  if (format !== 'jpeg') return null;
  const meta = await sharp(input).metadata();
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const side = M.min(256, w, h) & ~7;
  if (side < 32) return null;
  const left = (M.floor((w - side) / 2) >> 3) << 3;
  const top = (M.floor((h - side) / 2) >> 3) << 3;
  const g = await sharp(input).extract({ left, top, width: side, height: side }).greyscale().raw().toBuffer();
  let edge = 0;
  let nEdge = 0;
  let inner = 0;
  let nInner = 0;
  const step = (diff: number, onBlockEdge: boolean): void => {
    if (onBlockEdge) {
      edge += diff;
      nEdge++;
    } else {
      inner += diff;
      nInner++;
    }
  };
  for (let y = 0; y < side - 1; y++) {
    for (let x = 0; x < side - 1; x++) {
      const i = y * side + x;
      step(M.abs(g[i + 1]! - g[i]!), x % 8 === 7);
      step(M.abs(g[i + side]! - g[i]!), y % 8 === 7);
    }
  }
  const innerMean = inner / nInner;
  return innerMean > 0.05 ? edge / nEdge / innerMean : 1;
}

const EDITORS = /photoshop|lightroom|meitu|美图|beautycam|snapseed|picsart|facetune|gimp|醒图|faceu|b612|ulike|polarr|pixlr|airbrush|youcam|轻颜|美颜/i;

/** The editing or beautifying app named in EXIF/XMP (Software, CreatorTool, …), if any. */
export function editingSoftware(metadataText: string): string | null {
  const text = metadataText + '\n' + Buffer.from(metadataText, 'latin1').toString('utf8');
  const m = EDITORS.exec(text);
  return m ? m[0] : null;
}
