/**
 * Decode stage: judge the format by content, refuse decompression bombs from the header alone, then decode
 * with EXIF orientation applied, into sRGB 8-bit RGB (alpha flattened on white) at a bounded size, without the
 * plain bars of a screenshot or a scanned print's border (bars.ts).
 */
import sharp from 'sharp';
import { findBars } from './bars';
import type { RgbImage } from './image';
import { LIMITS } from './limits';
import type { InputErrorCode } from './report';

export type SourceFormat = 'jpeg' | 'png' | 'webp';

export type Decoded = {
  format: SourceFormat;
  /** Upright (EXIF orientation applied) size of the source. */
  sourceWidth: number;
  sourceHeight: number;
  /** The part of the upright source the image shows, in its px: all of it, or what lies inside plain bars. */
  crop: SourceCrop;
  /** The upright source's crop, shrunk to at most LIMITS.input.decodeLongSide (less for a quick decode). */
  image: RgbImage;
  /** image px per source px (≤ 1). */
  scale: number;
  /** The file's own pixel grid as stored (before EXIF orientation) and its EXIF orientation (1 when none). */
  stored: { width: number; height: number; orientation: number };
  /** Text of the EXIF and XMP blocks, for the editing-software check. */
  metadataText: string;
};

export type SourceCrop = { left: number; top: number; width: number; height: number };

export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function sniffFormat(input: Buffer): SourceFormat | undefined {
  if (input.length >= 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) return 'jpeg';
  if (input.length >= 8 && input.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (input.length >= 12 && input.toString('latin1', 0, 4) === 'RIFF' && input.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

const UNSUPPORTED = '无法读取该文件：请上传完整的 JPG、PNG 或 WebP 照片（文件可能已损坏或格式不对）';

/** The long side to decode a JPEG of long side `long` at, for a quick first look (see LIMITS.input). */
function quickLongSide(long: number): number {
  const third = Math.floor(long / 3);
  return third >= LIMITS.input.quickDecodeMinLongSide && third < LIMITS.input.decodeLongSide ? third : LIMITS.input.decodeLongSide;
}

/** The upright source (or its `crop`) as sRGB RGB bytes, `scale` image px per source px. */
async function decodePixels(input: Buffer, crop: SourceCrop, whole: boolean, scale: number): Promise<RgbImage> {
  const upright = sharp(input, { failOn: 'warning', limitInputPixels: LIMITS.input.maxPixels }).rotate();
  // Only a real crop is extracted: an extract before the resize keeps libjpeg from shrinking while decoding.
  const { data, info } = await (whole ? upright : upright.extract(crop))
    .resize({ width: Math.max(1, Math.round(crop.width * scale)), height: Math.max(1, Math.round(crop.height * scale)), fit: 'fill' })
    .toColourspace('srgb')
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * `quick`: a large JPEG is decoded smaller, where libjpeg can shrink it while decoding. `crop`: the part of the
 * upright source to decode (a quick decode's, so that both show the same part); by default the part inside any
 * plain bars, found on the decoded picture.
 */
export async function decode(input: Buffer, opts: { quick?: boolean; crop?: SourceCrop } = {}): Promise<Decoded> {
  if (input.length > LIMITS.input.maxBytes) {
    throw new InputError('FILE_TOO_LARGE', `文件超过 ${LIMITS.input.maxBytes / 1024 / 1024} MB，请上传较小的照片`);
  }
  const format = sniffFormat(input);
  if (!format) throw new InputError('FILE_UNSUPPORTED', UNSUPPORTED);
  let meta: sharp.Metadata;
  try {
    meta = await sharp(input, { failOn: 'warning', limitInputPixels: false }).metadata();
  } catch {
    throw new InputError('FILE_UNSUPPORTED', UNSUPPORTED);
  }
  if (meta.format !== format || !meta.width || !meta.height) throw new InputError('FILE_UNSUPPORTED', UNSUPPORTED);
  if (meta.width * meta.height > LIMITS.input.maxPixels) {
    throw new InputError('FILE_TOO_LARGE', `照片像素过多（超过 ${LIMITS.input.maxPixels / 1e6} 百万像素），请上传普通尺寸的照片`);
  }
  const swap = (meta.orientation ?? 1) >= 5;
  const sourceWidth = swap ? meta.height : meta.width;
  const sourceHeight = swap ? meta.width : meta.height;
  const whole: SourceCrop = { left: 0, top: 0, width: sourceWidth, height: sourceHeight };
  const long = Math.max(sourceWidth, sourceHeight);
  const longSide = opts.quick && format === 'jpeg' ? quickLongSide(long) : LIMITS.input.decodeLongSide;
  const scale = Math.min(1, longSide / long);
  try {
    let crop = opts.crop ?? whole;
    const all = crop.left === 0 && crop.top === 0 && crop.width === sourceWidth && crop.height === sourceHeight;
    let image = await decodePixels(input, crop, all, scale);
    const bars = opts.crop ? undefined : findBars(image);
    if (bars) {
      // Back to source px, rounded inwards (a mixed line of the bar's edge stays out), and decoded again.
      const kx = sourceWidth / image.width;
      const ky = sourceHeight / image.height;
      const left = Math.min(sourceWidth - 1, Math.ceil(bars.left * kx));
      const top = Math.min(sourceHeight - 1, Math.ceil(bars.top * ky));
      const right = Math.max(left + 1, Math.floor((image.width - bars.right) * kx));
      const bottom = Math.max(top + 1, Math.floor((image.height - bars.bottom) * ky));
      crop = { left, top, width: right - left, height: bottom - top };
      image = await decodePixels(input, crop, false, scale);
    }
    return {
      format,
      sourceWidth,
      sourceHeight,
      crop,
      image,
      scale: image.width / crop.width,
      stored: { width: meta.width, height: meta.height, orientation: meta.orientation ?? 1 },
      metadataText: [meta.exif, meta.xmp].map((b) => (b ? b.toString('latin1') : '')).join('\n'),
    };
  } catch {
    throw new InputError('FILE_UNSUPPORTED', UNSUPPORTED);
  }
}
