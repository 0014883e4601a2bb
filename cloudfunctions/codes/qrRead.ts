import sharp from 'sharp';
import { CodeError } from './errors';
import { scanForQr } from './qrScan';

/**
 * Finds the 采集码's QR in what students really upload: the long-press saved PNG, a phone screenshot
 * (small code among app chrome, JPEG-recompressed), a photo of a screen (perspective, blur, glare).
 * jsQR alone misses many of these, so a short list of views of the image is tried, cheapest first, and
 * the first text the caller accepts wins. A text that is not accepted (e.g. a URL) is still returned when
 * nothing better turns up, so the codec can say "not a 采集码" instead of "unreadable".
 */
export interface ReadOptions {
  /** Is this decoded text the kind of code we are looking for? (e.g. `codec.recognizes`). Default: any. */
  accept?: (text: string) => boolean;
  /** Called with each view's name and outcome; for benchmarks and debugging. */
  onAttempt?: (view: string, found: boolean) => void;
}

interface Gray {
  data: Buffer;
  width: number;
  height: number;
}

/** Sizes (long side, px) the views work at: large keeps small codes in screenshots, small averages noise. */
const FULL_SIDE = 2400;
const MEDIUM_SIDE = 1200;
const SMALL_SIDE = 640;

async function toGray(image: sharp.Sharp, longSide: number): Promise<Gray> {
  const { data, info } = await image
    .resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function fromGray(gray: Gray): sharp.Sharp {
  return sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } });
}

/**
 * Overlapping windows, two across and as many down as needed, for a small code in a tall screenshot
 * whose surroundings (buttons, text) confuse jsQR's finder-pattern search.
 */
function tiles(gray: Gray): { left: number; top: number; size: number }[] {
  const size = Math.round(Math.min(gray.width, gray.height) * 0.6);
  const lefts = [0, gray.width - size];
  const step = Math.round(size * 0.67);
  const windows: { left: number; top: number; size: number }[] = [];
  for (let top = 0; ; top += step) {
    const clamped = Math.min(top, gray.height - size);
    for (const left of lefts) windows.push({ left, top: clamped, size });
    if (clamped + size >= gray.height) return windows;
  }
}

/**
 * Black where a pixel is darker than its neighbourhood, white elsewhere: evens out glare and shadows
 * over a wider window than jsQR's own 8-pixel blocks. (sharp's CLAHE does similar but is ~10x slower.)
 */
async function adaptiveThreshold(gray: Gray): Promise<Gray> {
  const sigma = Math.max(4, Math.max(gray.width, gray.height) / 12);
  const background = await fromGray(gray).blur(sigma).raw().toBuffer();
  const data = Buffer.alloc(gray.data.length);
  for (let i = 0; i < data.length; i++) data[i] = (gray.data[i] ?? 0) < (background[i] ?? 0) - 6 ? 0 : 255;
  return { ...gray, data };
}

function inverted(gray: Gray): Gray {
  return { ...gray, data: Buffer.from(gray.data.map((v) => 255 - v)) };
}

/**
 * The views of the image, cheapest and most likely first, made only when the previous ones failed. The
 * medium size comes straight from the encoded image (JPEG shrink-on-load keeps 12 MP photos fast); the
 * full size is decoded only when the image is larger than that.
 */
async function* views(source: () => sharp.Sharp, medium: Gray): AsyncGenerator<[string, Gray]> {
  yield ['medium', medium];
  const reduced = Math.max(medium.width, medium.height) >= MEDIUM_SIDE;
  const full = reduced ? await toGray(source(), FULL_SIDE) : medium;
  if (reduced) yield ['full', full];
  yield ['inverted', inverted(medium)];
  const thresholded = await adaptiveThreshold(medium);
  yield ['thresholded', thresholded];
  yield ['small', await toGray(fromGray(medium).blur(0.8), SMALL_SIDE)];
  for (const [i, tile] of tiles(full).entries()) {
    const crop = fromGray(full).extract({ left: tile.left, top: tile.top, width: tile.size, height: tile.size });
    yield [`tile${i}`, await toGray(crop.normalise(), MEDIUM_SIDE)];
  }
  yield ['inverted-thresholded', inverted(thresholded)];
}

/** The text of the QR code in an image (JPEG, PNG, WebP…; EXIF rotation applied), or CODE_UNREADABLE. */
export async function readCodeFromImage(image: Buffer, options: ReadOptions = {}): Promise<string> {
  const accept = options.accept ?? (() => true);
  const source = () => sharp(image, { failOn: 'none' }).rotate();
  let medium: Gray;
  try {
    medium = await toGray(source(), MEDIUM_SIDE);
  } catch {
    throw new CodeError('CODE_UNREADABLE');
  }
  let fallback: string | null = null;
  for await (const [name, gray] of views(source, medium)) {
    const text = await scanForQr(gray);
    options.onAttempt?.(name, text !== null);
    if (text === null) continue;
    if (accept(text)) return text;
    fallback ??= text;
  }
  if (fallback !== null) return fallback;
  throw new CodeError('CODE_UNREADABLE');
}
