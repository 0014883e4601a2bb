/**
 * Decode stage: judge the format by content, refuse decompression bombs from the header alone, then decode
 * with EXIF orientation applied, into sRGB 8-bit RGB (alpha flattened on white) at a bounded size.
 */
import sharp from 'sharp';
import type { RgbImage } from './image';
import { LIMITS } from './limits';
import type { InputErrorCode } from './report';

export type SourceFormat = 'jpeg' | 'png' | 'webp';

export type Decoded = {
  format: SourceFormat;
  /** Upright (EXIF orientation applied) size of the source. */
  sourceWidth: number;
  sourceHeight: number;
  /** The upright source, shrunk to at most LIMITS.input.decodeLongSide (less for a quick decode). */
  image: RgbImage;
  /** image px per source px (≤ 1). */
  scale: number;
  /** The file's own pixel grid as stored (before EXIF orientation) and its EXIF orientation (1 when none). */
  stored: { width: number; height: number; orientation: number };
  /** Text of the EXIF and XMP blocks, for the editing-software check. */
  metadataText: string;
};

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

/** `quick`: a large JPEG is decoded smaller, where libjpeg can shrink it while decoding. */
export async function decode(input: Buffer, opts: { quick?: boolean } = {}): Promise<Decoded> {
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
  const long = Math.max(sourceWidth, sourceHeight);
  const longSide = opts.quick && format === 'jpeg' ? quickLongSide(long) : LIMITS.input.decodeLongSide;
  const scale = Math.min(1, longSide / long);
  try {
    const { data, info } = await sharp(input, { failOn: 'warning', limitInputPixels: LIMITS.input.maxPixels })
      .rotate()
      .resize({ width: Math.max(1, Math.round(sourceWidth * scale)), height: Math.max(1, Math.round(sourceHeight * scale)), fit: 'fill' })
      .toColourspace('srgb')
      .flatten({ background: '#ffffff' })
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return {
      format,
      sourceWidth,
      sourceHeight,
      image: { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height },
      scale: info.width / sourceWidth,
      stored: { width: meta.width, height: meta.height, orientation: meta.orientation ?? 1 },
      metadataText: [meta.exif, meta.xmp].map((b) => (b ? b.toString('latin1') : '')).join('\n'),
    };
  } catch {
    throw new InputError('FILE_UNSUPPORTED', UNSUPPORTED);
  }
}
