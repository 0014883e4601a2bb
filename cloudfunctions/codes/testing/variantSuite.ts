import sharp from 'sharp';
import type { CodeCodec } from '../codec';
import { CodeError } from '../errors';
import { devKeyring } from '../keyring';
import type { CodePayload } from '../payload';
import { readCodeFromImage } from '../qrRead';
import { renderCodeImage, renderCodeQr } from '../qrRender';
import { createSandboxCodec } from '../sandboxCodec';
import { ZHANG_SAN_CODE } from './students';
import { darkModeCode, imageWithoutCode, phoneScreenshot, photoOfScreen, screenshotWithTwoCodes } from './uploadVariants';

/**
 * Every kind of upload the reader must handle, each read end to end (image → text → payload or error
 * code) and timed. Shared by the test (qrRead.variants.test.ts, through printVariantSuite.ts) and the benchmark
 * (bench/readCode.ts).
 * "stress" variants are harsher than what the issue asks for; the benchmark reports how they fare.
 */
export interface VariantResult {
  name: string;
  width: number;
  height: number;
  bytes: number;
  /** The decoded payload, or the error code the student would be shown. */
  outcome: CodePayload | { error: string };
  /** Which view of the image found the code ("-" when none did). */
  view: string;
  /** Wall-clock milliseconds of each read. */
  ms: number[];
}

const OTHER_QR_TEXT = 'https://example.com/mp/gradphoto?batch=J9VG24';

async function requiredVariants(longPress: Buffer): Promise<Record<string, Buffer>> {
  const otherQr = await renderCodeQr(OTHER_QR_TEXT);
  return {
    'long-press PNG': longPress,
    'long-press as WebP': await sharp(longPress).webp({ quality: 80 }).toBuffer(),
    'phone screenshot (30%, JPEG 70)': await phoneScreenshot(longPress),
    'photo of a screen': await photoOfScreen(longPress),
    'dark mode': await darkModeCode(longPress),
    'screenshot with a second QR': await screenshotWithTwoCodes(longPress, otherQr),
    'a URL QR only': otherQr,
    'no QR at all': await imageWithoutCode(),
  };
}

function glare(width: number, height: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g">` +
      `<stop offset="0" stop-color="#fff" stop-opacity="0"/><stop offset="1" stop-color="#fff" stop-opacity="0.8"/>` +
      `</linearGradient></defs><rect width="${width}" height="${height}" fill="url(#g)"/></svg>`,
  );
}

async function stressVariants(longPress: Buffer): Promise<Record<string, Buffer>> {
  const { width = 0, height = 0 } = await sharp(longPress).metadata();
  const photo = await photoOfScreen(longPress);
  return {
    'stress: screenshot, code at 20%': await phoneScreenshot(longPress, 0.2),
    'stress: screenshot re-shared (720 px, JPEG 40)': await sharp(await phoneScreenshot(longPress)).resize({ width: 720 }).jpeg({ quality: 40 }).toBuffer(),
    'stress: photo, blur 2.5 px': await sharp(photo).blur(2.5).jpeg({ quality: 70 }).toBuffer(),
    'stress: photo downsized to 500 px': await sharp(photo).resize({ width: 500 }).jpeg({ quality: 70 }).toBuffer(),
    'stress: photo at 12 MP (4000 px)': await sharp(photo).resize({ width: 4000 }).jpeg({ quality: 85 }).toBuffer(),
    'stress: low contrast': await sharp(longPress).linear(0.25, 150).jpeg({ quality: 60 }).toBuffer(),
    'stress: strong glare across the code': await sharp(longPress).composite([{ input: glare(width, height) }]).jpeg({ quality: 70 }).toBuffer(),
  };
}

async function readOnce(image: Buffer, codec: CodeCodec): Promise<{ outcome: VariantResult['outcome']; view: string }> {
  let view = '-';
  try {
    const text = await readCodeFromImage(image, {
      accept: (candidate) => codec.recognizes(candidate),
      onAttempt: (name, found) => {
        if (found) view = name;
      },
    });
    return { outcome: codec.decode(text), view };
  } catch (error) {
    if (error instanceof CodeError) return { outcome: { error: error.code }, view };
    throw error;
  }
}

export async function runVariantSuite(options: { repeats?: number; stress?: boolean } = {}): Promise<{ payload: CodePayload; results: VariantResult[] }> {
  const codec = createSandboxCodec(devKeyring());
  const payload = codec.decode(ZHANG_SAN_CODE);
  const longPress = await renderCodeImage(ZHANG_SAN_CODE, payload);
  const variants = { ...(await requiredVariants(longPress)), ...(options.stress ? await stressVariants(longPress) : {}) };
  const results: VariantResult[] = [];
  for (const [name, image] of Object.entries(variants)) {
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const ms: number[] = [];
    let last: Awaited<ReturnType<typeof readOnce>> | undefined;
    for (let i = 0; i < (options.repeats ?? 1); i++) {
      const started = performance.now();
      last = await readOnce(image, codec);
      ms.push(Math.round(performance.now() - started));
    }
    if (last) results.push({ name, width, height, bytes: image.length, ms, ...last });
  }
  return { payload, results };
}
