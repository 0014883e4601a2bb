import sharp from 'sharp';
import { warpPerspective, type Quad } from './perspective';

/**
 * Turn a long-press saved 采集码 PNG into what students really upload, deterministically (seeded noise),
 * so the reader is tested and benchmarked on the same images.
 */

const SCREEN = { width: 1080, height: 2340 };

/** mulberry32: a tiny seeded PRNG, so "random" noise is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function appChromeSvg(): Buffer {
  const { width, height } = SCREEN;
  const textLine = (y: number, w: number) => `<rect x="72" y="${y}" width="${w}" height="26" rx="6" fill="#c9ccd1"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <rect width="${width}" height="${height}" fill="#f2f3f5"/>
      <rect width="${width}" height="96" fill="#ffffff"/>
      <text x="60" y="66" font-family="DejaVu Sans" font-size="38" font-weight="bold" fill="#111">12:30</text>
      <rect x="880" y="36" width="120" height="36" rx="8" fill="none" stroke="#111" stroke-width="4"/>
      <rect y="96" width="${width}" height="150" fill="#1e6fd9"/>
      <text x="540" y="190" font-family="DejaVu Sans" font-size="48" fill="#fff" text-anchor="middle">CHSI - Photo Code</text>
      <rect x="40" y="300" width="1000" height="1400" rx="24" fill="#ffffff"/>
      ${textLine(360, 620)}${textLine(410, 820)}${textLine(460, 520)}
      ${textLine(1420, 760)}${textLine(1470, 880)}${textLine(1520, 400)}
      <rect x="90" y="1780" width="900" height="130" rx="65" fill="#1e6fd9"/>
      <text x="540" y="1862" font-family="DejaVu Sans" font-size="44" fill="#fff" text-anchor="middle">Save / Share</text>
      <rect x="90" y="1960" width="900" height="130" rx="65" fill="#ffffff" stroke="#1e6fd9" stroke-width="4"/>
      <rect y="${height - 150}" width="${width}" height="150" fill="#ffffff"/>
      <rect x="390" y="${height - 40}" width="300" height="12" rx="6" fill="#111"/>
    </svg>`,
  );
}

/** A phone screenshot: the code at `fraction` (30%) of a 1080×2340 screen's width among app chrome, JPEG 70. */
export async function phoneScreenshot(codePng: Buffer, fraction = 0.3): Promise<Buffer> {
  const codeWidth = Math.round(SCREEN.width * fraction);
  const code = await sharp(codePng).resize({ width: codeWidth }).png().toBuffer();
  const { height = 0 } = await sharp(code).metadata();
  return sharp(appChromeSvg())
    .composite([{ input: code, left: Math.round((SCREEN.width - codeWidth) / 2), top: Math.round(900 - height / 2) }])
    .jpeg({ quality: 70 })
    .toBuffer();
}

function glareSvg(width: number, height: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><radialGradient id="g" cx="0.7" cy="0.3" r="0.55">
        <stop offset="0" stop-color="#fff" stop-opacity="0.55"/><stop offset="1" stop-color="#fff" stop-opacity="0"/>
      </radialGradient></defs>
      <rect width="${width}" height="${height}" fill="url(#g)"/>
    </svg>`,
  );
}

function addNoise(rgb: Buffer, sigma: number, seed: number): Buffer {
  const random = prng(seed);
  const out = Buffer.alloc(rgb.length);
  for (let i = 0; i < rgb.length; i++) {
    // Box-Muller: a normal sample from two uniform ones.
    const n = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
    out[i] = Math.max(0, Math.min(255, Math.round((rgb[i] ?? 0) + n * sigma)));
  }
  return out;
}

/**
 * A photo of a screen showing the code: slight perspective (the phone held at an angle), ~1 px blur,
 * a glare gradient, sensor noise, then JPEG quality 80. 1600×1200, like a downsized phone photo.
 */
export async function photoOfScreen(codePng: Buffer, seed = 7): Promise<Buffer> {
  const width = 1600;
  const height = 1200;
  const { data, info } = await sharp(codePng).resize({ height: 900 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const corners: Quad = [
    [560, 160],
    [1140, 120],
    [1170, 1080],
    [530, 1010],
  ];
  const warped = warpPerspective(data, info.width, info.height, corners, width, height);
  const composed = await sharp(warped, { raw: { width, height, channels: 3 } })
    .blur(1)
    .composite([{ input: glareSvg(width, height) }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return sharp(addNoise(composed, 8, seed), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** A phone in dark mode: light modules on a dark background. */
export async function darkModeCode(codePng: Buffer): Promise<Buffer> {
  return sharp(codePng).negate({ alpha: false }).png().toBuffer();
}

/** A photo with no QR code in it at all (a gradient with some shapes). */
export async function imageWithoutCode(): Promise<Buffer> {
  return sharp(appChromeSvg()).jpeg({ quality: 80 }).toBuffer();
}

/** A screenshot holding two QR codes: another one (e.g. a mini-program's URL) above the 采集码. */
export async function screenshotWithTwoCodes(codePng: Buffer, otherQrPng: Buffer): Promise<Buffer> {
  const screenshot = await phoneScreenshot(codePng);
  const other = await sharp(otherQrPng).resize({ width: 260 }).png().toBuffer();
  return sharp(screenshot).composite([{ input: other, left: 700, top: 330 }]).jpeg({ quality: 70 }).toBuffer();
}
