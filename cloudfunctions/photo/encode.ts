/**
 * Encode stage: baseline JPEG, sRGB, 300 dpi in the JFIF header and no other metadata, with the quality
 * searched so the file lands in the requested size range (never below the minimum quality).
 */
import sharp from 'sharp';
import type { RgbImage } from './image';
import { LIMITS } from './limits';

export type Encoded = { jpeg: Buffer; quality: number };

async function encodeAt(image: RgbImage, quality: number): Promise<Buffer> {
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality, progressive: false, chromaSubsampling: '4:2:0', mozjpeg: false, optimiseCoding: true })
    .toBuffer();
  return setJfifDensity(jpeg, LIMITS.output.dpi);
}

/**
 * Writes a JFIF APP0 segment right after SOI with the density in dots per inch (libvips writes none for raw
 * input, and its EXIF route would add metadata we do not want).
 */
export function setJfifDensity(jpeg: Buffer, dpi: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('encoder did not write a JPEG');
  const hasApp0 = jpeg[2] === 0xff && jpeg[3] === 0xe0;
  const rest = hasApp0 ? jpeg.subarray(4 + jpeg.readUInt16BE(4)) : jpeg.subarray(2);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, dpi >> 8, dpi & 0xff, dpi >> 8, dpi & 0xff, 0x00, 0x00]);
  return Buffer.concat([jpeg.subarray(0, 2), app0, rest]);
}

export async function encodeJpeg(image: RgbImage, sizeKB: { min: number; max: number }): Promise<Encoded> {
  const max = sizeKB.max * 1024;
  let lo: number = LIMITS.output.minJpegQuality;
  let hi: number = LIMITS.output.maxJpegQuality;
  let best = { jpeg: await encodeAt(image, lo), quality: lo };
  if (best.jpeg.length > max) return best;
  // Highest quality that still fits under the maximum.
  while (lo < hi) {
    const q = Math.ceil((lo + hi) / 2);
    const jpeg = await encodeAt(image, q);
    if (jpeg.length <= max) {
      lo = q;
      best = { jpeg, quality: q };
    } else {
      hi = q - 1;
    }
  }
  return best;
}
