import sharp from 'sharp';
import type { CodeCodec } from '../codec';
import { CodeError } from '../errors';
import { issueCode } from '../issue';
import { devKeyring } from '../keyring';
import { readCodeFromImage } from '../qrRead';
import { renderCodeImage, renderCodeQr } from '../qrRender';
import { createSandboxCodec } from '../sandboxCodec';
import type { CodePayload } from '../payload';
import { ZHANG_SAN } from './students';
import { darkModeCode, imageWithoutCode, phoneScreenshot, photoOfScreen, screenshotWithTwoCodes } from './uploadVariants';

/**
 * Every kind of upload the reader must handle, each read end to end (image → text → payload or error
 * code) and timed. Shared by the test (qrRead.variants.test.ts) and the benchmark (bench/readCode.ts).
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

export async function buildVariants(text: string, payload: CodePayload): Promise<Record<string, Buffer>> {
  const longPress = await renderCodeImage(text, payload);
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

export async function runVariantSuite(repeats = 1): Promise<{ text: string; payload: CodePayload; results: VariantResult[] }> {
  const codec = createSandboxCodec(devKeyring());
  const { text, payload } = issueCode(ZHANG_SAN, codec);
  const results: VariantResult[] = [];
  for (const [name, image] of Object.entries(await buildVariants(text, payload))) {
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const ms: number[] = [];
    let last: Awaited<ReturnType<typeof readOnce>> | undefined;
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      last = await readOnce(image, codec);
      ms.push(Math.round(performance.now() - started));
    }
    if (last) results.push({ name, width, height, bytes: image.length, ms, ...last });
  }
  return { text, payload, results };
}

// Run directly (as the test does, in a plain Node process): print the results as JSON.
if (require.main === module) {
  runVariantSuite(Number(process.argv[2] ?? 1)).then(
    (suite) => process.stdout.write(JSON.stringify(suite)),
    (error: unknown) => {
      process.stderr.write(String(error));
      process.exitCode = 1;
    },
  );
}
