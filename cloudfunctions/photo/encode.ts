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

/** Where the quality search probes first: a 480×640 portrait lands near quality 90 at 40 KB. */
const PROBE_QUALITY = 90;

/**
 * The quality whose file is predicted to be `maxBytes` from the size at the probe quality. libjpeg scales its
 * quantisation tables by 200 − 2q % above quality 50, and a portrait's file grows about as the inverse square
 * root of that scale (measured on the fixtures at 60–95: within a quality step), so size(q) ≈ size(90)·√(20 / (200 − 2q)).
 */
function predictedQuality(probeBytes: number, maxBytes: number): number {
  const scale = 200 - 2 * PROBE_QUALITY;
  return Math.floor(100 - (scale / 2) * (probeBytes / maxBytes) ** 2);
}

/**
 * The highest quality up to the usual ceiling whose file is at most `sizeKB.max` (the file grows with the
 * quality), or the minimum quality when even that is larger; above the ceiling only to reach `sizeKB.min`.
 * One probe predicts the answer; galloping away from the prediction and then bisecting confirms it, usually
 * with one or two more encodes (galloping from a fixed start took two to five).
 */
export async function encodeJpeg(image: RgbImage, sizeKB: { min: number; max: number }): Promise<Encoded> {
  const max = sizeKB.max * 1024;
  const { minJpegQuality: qMin, maxJpegQuality: qMax } = LIMITS.output;
  const files = new Map<number, Buffer>();
  const at = async (q: number): Promise<Buffer> => {
    let jpeg = files.get(q);
    if (!jpeg) files.set(q, (jpeg = await encodeAt(image, q)));
    return jpeg;
  };
  const fits = async (q: number): Promise<boolean> => (await at(q)).length <= max;
  const probe = Math.min(qMax, Math.max(qMin, PROBE_QUALITY));
  const probeFits = await fits(probe);
  if (!probeFits && probe === qMin) return { jpeg: await at(qMin), quality: qMin };
  // lo fits; every quality above hi does not.
  let hi = probeFits ? qMax : probe - 1;
  let lo = Math.min(hi, Math.max(probeFits ? probe : qMin, predictedQuality((await at(probe)).length, max)));
  if (await fits(lo)) {
    for (let step = 1; lo < hi; step *= 2) {
      const q = Math.min(hi, lo + step);
      if (!(await fits(q))) {
        hi = q - 1;
        break;
      }
      lo = q;
    }
  } else {
    hi = lo - 1;
    for (let step = 1; ; step *= 2) {
      const q = Math.max(qMin, hi + 1 - step);
      if (await fits(q)) {
        lo = q;
        break;
      }
      if (q === qMin) return { jpeg: await at(qMin), quality: qMin };
      hi = q - 1;
    }
  }
  while (lo < hi) {
    const q = Math.ceil((lo + hi) / 2);
    if (await fits(q)) lo = q;
    else hi = q - 1;
  }
  // Some batches ask for a larger file than a plain portrait needs (50 KB and up): above the usual ceiling,
  // take the lowest quality that reaches the minimum, up to 100, and never past the maximum.
  const min = sizeKB.min * 1024;
  if (lo >= qMax) {
    while (lo < 100 && (await at(lo)).length < min && (await fits(lo + 1))) lo += 1;
  }
  return { jpeg: await at(lo), quality: lo };
}
