/**
 * Measures a written standard photo: size, bytes, dpi, background colour and head top from the file's own
 * pixels; eye line, face width and centre from the face's landmarks. Those are the source's landmarks carried
 * through the crop when the written file is verified to show the rendered pixels (a face detection on the
 * output costs more than everything else in `make` together and only re-finds the same face); otherwise the
 * file's own face detection measures them.
 */
import sharp from 'sharp';
import type { FaceDetectors, Point3 } from './face';
import { detectFaces } from './face';
import type { Rgb, RgbImage } from './image';
import { extentOf, measureFace } from './landmarks';
import type { PhotoReport } from './report';

/** Math through a module constant: per-pixel global lookups are many times slower inside jest's vm contexts. */
const M = Math;

/** Summed |ΔR|+|ΔG|+|ΔB| from the background that counts as hair (about 20 % cover of dark hair on blue). */
const OFF_BACKGROUND = 90;

export type OutputSummary = NonNullable<PhotoReport['output']>;

/** Mean |Δ| per channel (grey levels) up to which the decoded file counts as the rendered image (JPEG q ≥ 60 stays near 2–4). */
const MAX_RENDER_DIFFERENCE = 8;

/** What was rendered: the image handed to the encoder and the face's landmarks in its coordinates. */
export type Rendered = { image: RgbImage; mesh: Point3[] };

/**
 * Mean |Δ| per channel between the decoded file and the rendered image over the landmarks' box, where the
 * carried landmarks have to be right (everything else measured reads the file's own pixels): about a sixth of
 * the photo, so a sixth of the cost of comparing every pixel.
 */
export function faceDifference(decoded: RgbImage, rendered: Rendered): number {
  const { width, height } = decoded;
  if (rendered.image.width !== width || rendered.image.height !== height) return Infinity;
  const a = decoded.data;
  const b = rendered.image.data;
  const { minX, maxX, minY, maxY } = extentOf(rendered.mesh);
  const x0 = M.max(0, M.floor(minX));
  const x1 = M.min(width, M.ceil(maxX));
  const y0 = M.max(0, M.floor(minY));
  const y1 = M.min(height, M.ceil(maxY));
  if (x1 <= x0 || y1 <= y0) return Infinity;
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 3, end = (y * width + x1) * 3; i < end; i++) sum += M.abs(a[i]! - b[i]!);
  }
  return sum / ((x1 - x0) * (y1 - y0) * 3);
}

/**
 * Dots per inch from the file's JFIF header when it gives them (as the encode stage writes it: APP0 right after
 * SOI, units 1, equal densities); otherwise whatever sharp reads from the file (72 when it says nothing).
 */
async function dotsPerInch(jpeg: Buffer): Promise<number> {
  const jfif = jpeg.length >= 18 && jpeg.readUInt16BE(0) === 0xffd8 && jpeg.readUInt16BE(2) === 0xffe0 && jpeg.toString('latin1', 6, 11) === 'JFIF\0';
  if (jfif && jpeg[13] === 1 && jpeg.readUInt16BE(14) === jpeg.readUInt16BE(16) && jpeg.readUInt16BE(14) > 0) return jpeg.readUInt16BE(14);
  return (await sharp(jpeg).metadata()).density ?? 72;
}

/**
 * The background colour as written: the mean of a patch in the top-left corner. The pixel loops of
 * measureOutput are functions of their own: inside the async function they were compiled on stack replacement
 * and dropped again photo after photo.
 */
function cornerColour(data: Uint8Array, width: number): Rgb {
  const patch = M.max(4, M.round(width / 40));
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = 0; y < patch; y++) {
    for (let x = 0; x < patch; x++) {
      const i = (y * width + x) * 3;
      r += data[i]!;
      g += data[i + 1]!;
      b += data[i + 2]!;
    }
  }
  const area = patch * patch;
  return [M.round(r / area), M.round(g / area), M.round(b / area)];
}

/** Head top: the first row whose middle third has a few pixels clearly off the background colour (0 when none). */
function headTop(image: RgbImage, background: Rgb): number {
  const { data, width, height } = image;
  const [br, bg, bb] = background;
  const x0 = M.round(width / 3);
  const x1 = M.round((2 * width) / 3);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      if (M.abs(data[i]! - br) + M.abs(data[i + 1]! - bg) + M.abs(data[i + 2]! - bb) > OFF_BACKGROUND) n++;
    }
    if (n >= 3) return y;
  }
  return 0;
}

export async function measureOutput(jpeg: Buffer, detectors: FaceDetectors, rendered?: Rendered): Promise<OutputSummary> {
  const dpi = await dotsPerInch(jpeg);
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const image = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
  const background = cornerColour(image.data, width);
  const verified = rendered !== undefined && faceDifference(image, rendered) <= MAX_RENDER_DIFFERENCE;
  const detection = verified ? { mesh: rendered.mesh } : await detectFaces(detectors, image, { count: false });
  const face = detection.mesh ? measureFace(detection.mesh) : undefined;
  const centerX = face ? (detection.mesh![234]!.x + detection.mesh![454]!.x) / 2 : width / 2;
  const headTopY = headTop(image, background);
  return {
    width,
    height,
    bytes: jpeg.length,
    dpi,
    eyeLineY: face ? M.round(face.eyeCenter.y) : 0,
    faceWidthPx: face ? M.round(face.faceWidth) : 0,
    headTopY,
    centerX: M.round(centerX),
    background,
  };
}
