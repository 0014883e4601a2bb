/** Checks on the file itself: compression blocking and editing software named in the metadata. */
import sharp from 'sharp';
import type { Decoded } from '../decode';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/** The patch blockiness is measured on: up to this many px wide, this many rows tall (a multiple of 8). */
const PATCH = { width: 512, height: 256 };

/**
 * Blockiness of a JPEG at its own resolution and block grid: the mean luma step across 8-px block edges over
 * the mean step inside blocks, on a patch at the top middle of the stored image (backdrop and hair above the
 * head, where recompression shows first on plain areas). At the top because libjpeg decodes every row above
 * the patch: a patch from the middle of a 12 MP photo cost about 20 ms of decoding, this one about 4. When the
 * engine's decode already is the stored image (full size, no EXIF rotation), the patch is read from it.
 */
export async function jpegBlockiness(input: Buffer, decoded: Pick<Decoded, 'format' | 'image' | 'scale' | 'stored' | 'crop'>): Promise<number | null> {
  if (decoded.format !== 'jpeg') return null;
  // The stored grid from the decode's own header read (a second sharp metadata() cost a thread round trip).
  const { width: w, height: h, orientation } = decoded.stored;
  // Inside the bars of a screenshot (decode.ts) when the upright picture is the stored one, on the block grid.
  const box = orientation === 1 ? decoded.crop : { left: 0, top: 0, width: w, height: h };
  const x0 = ((box.left + 7) >> 3) << 3;
  const y0 = ((box.top + 7) >> 3) << 3;
  const x1 = box.left + box.width;
  const width = M.min(PATCH.width, x1 - x0) & ~7;
  const height = M.min(PATCH.height, box.top + box.height - y0) & ~7;
  if (width < 32 || height < 32) return null;
  const left = x0 + ((M.floor((x1 - x0 - width) / 2) >> 3) << 3);
  const { image } = decoded;
  const stored = decoded.scale === 1 && orientation === 1 && image.width === w && image.height === h;
  const g = stored
    ? patchLuma(image.data, 3, image.width, left, width, height)
    : await sharp(input)
        .extract({ left, top: y0, width, height })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true })
        .then(({ data, info }) => patchLuma(data, info.channels, width, 0, width, height));
  // Sums of whole grey-level steps, so exact in any order: per row, the steps across the row (every 8th one
  // crosses a block edge) and, on a block's last row, every step down crosses one.
  let edge = 0;
  let inner = 0;
  for (let y = 0; y < height - 1; y++) {
    let across = 0;
    let acrossEdge = 0;
    let down = 0;
    for (let x = 0, i = y * width; x < width - 1; x++, i++) {
      const dx = M.abs(g[i + 1]! - g[i]!);
      if ((x & 7) === 7) acrossEdge += dx;
      else across += dx;
      down += M.abs(g[i + width]! - g[i]!);
    }
    edge += acrossEdge;
    inner += across;
    if ((y & 7) === 7) edge += down;
    else inner += down;
  }
  // The steps counted: per row, (width − 1) across, of which ⌊(width − 1) / 8⌋ on a block edge; width − 1 down.
  const rows = height - 1;
  const edgeRows = M.floor(rows / 8);
  const acrossEdges = M.floor((width - 1) / 8);
  const nEdge = rows * acrossEdges + edgeRows * (width - 1);
  const nInner = rows * (width - 1 - acrossEdges) + (rows - edgeRows) * (width - 1);
  const innerMean = inner / nInner;
  return innerMean > 0.05 ? edge / nEdge / innerMean : 1;
}

/**
 * Rec. 601 luma, rounded to grey levels, of the width × height patch at column `left` of interleaved sRGB rows
 * `rowPixels` long with `channels` bytes per pixel (3, or 4 with alpha).
 */
function patchLuma(data: Uint8Array, channels: number, rowPixels: number, left: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0, k = (y * rowPixels + left) * channels; x < width; x++, i++, k += channels) {
      out[i] = 0.299 * data[k]! + 0.587 * data[k + 1]! + 0.114 * data[k + 2]! + 0.5;
    }
  }
  return out;
}

/**
 * Editing and beautifying apps as they name themselves in EXIF Software or XMP CreatorTool (desktop editors,
 * raw developers, phone retouching apps). Names of 4 characters or more (or CJK): the whole EXIF block is
 * searched, thumbnail bytes included, and a short name would turn up there by chance.
 */
const EDITORS = [
  'Photoshop', 'Lightroom', 'GIMP', 'paint.net', 'PaintShop', 'Affinity Photo', 'Pixelmator', 'Photopea', 'Luminar',
  'Capture One', 'PortraitPro', 'Snapseed', 'PicsArt', 'Facetune', 'FaceApp', 'Polarr', 'Pixlr', 'AirBrush', 'YouCam',
  'PhotoDirector', 'Fotor', 'VSCO', 'Remini', 'Lensa', 'Meitu', 'BeautyCam', 'BeautyPlus', 'Camera360', 'Faceu', 'B612',
  'Ulike', 'Hypic', '美图', '美颜', '醒图', '轻颜', '天天P图', '无他相机', '黄油相机',
];
const EDITOR_NAMES = new RegExp(EDITORS.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');

/** The editing or beautifying app named in EXIF/XMP (Software, CreatorTool, …), if any. */
export function editingSoftware(metadataText: string): string | null {
  const text = metadataText + '\n' + Buffer.from(metadataText, 'latin1').toString('utf8');
  const m = EDITOR_NAMES.exec(text);
  return m ? m[0] : null;
}
