/**
 * Reading matting fixtures (NAME.jpg + NAME.alpha.png with exact alpha), scoring a matte against them,
 * and re-backgrounding them onto other plain studio backdrops. Shared by the bench and the tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import type { AlphaImage, Rgb, RgbImage } from '../../image';
import { estimateBackground, backgroundAtPixels } from '../background';
import { boxMean } from '../filters';

// Hoisted: a global lookup (`Math`) per pixel is many times slower inside vm contexts such as jest's.
const { sqrt, log, cos, PI } = Math;

export type MattingCase = { name: string; image: RgbImage; truth: AlphaImage };

export const DEFAULT_FIXTURES_DIR = path.resolve(__dirname, '../../../../../shared/fixtures/matting');
/** Distance from the true edge that counts as the edge band. */
export const EDGE_BAND_PX = 12;

export async function readCase(dir: string, name: string): Promise<MattingCase> {
  const img = await sharp(path.join(dir, `${name}.jpg`)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const a = await sharp(path.join(dir, `${name}.alpha.png`)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  if (a.info.width !== img.info.width || a.info.height !== img.info.height) {
    throw new Error(`${name}: alpha ${a.info.width}×${a.info.height} does not match image ${img.info.width}×${img.info.height}`);
  }
  const { width, height } = img.info;
  return { name, image: { data: new Uint8Array(img.data), width, height }, truth: { data: new Uint8Array(a.data), width, height } };
}

/** The case scaled (image and alpha alike) to about `megapixels`. */
export async function scaleCase(c: MattingCase, megapixels: number): Promise<MattingCase> {
  const k = Math.sqrt((megapixels * 1e6) / (c.image.width * c.image.height));
  const width = Math.round(c.image.width * k);
  const height = Math.round(c.image.height * k);
  const resize = async (data: Uint8Array, channels: 1 | 3): Promise<Uint8Array> => {
    const resized = sharp(data, { raw: { width: c.image.width, height: c.image.height, channels } }).resize(width, height, { fit: 'fill' });
    // sharp writes a one-channel input back as RGB unless told to keep one channel.
    return new Uint8Array(await (channels === 1 ? resized.extractChannel(0) : resized).raw().toBuffer());
  };
  return { name: c.name, image: { data: await resize(c.image.data, 3), width, height }, truth: { data: await resize(c.truth.data, 1), width, height } };
}

export function listCases(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.alpha.png') && fs.existsSync(path.join(dir, f.replace(/\.alpha\.png$/, '.jpg'))))
    .map((f) => f.replace(/\.alpha\.png$/, ''))
    .sort();
}

/** Pixels within EDGE_BAND_PX (square window) of the true edge: any partly transparent or boundary pixel. */
export function edgeBand(truth: AlphaImage): Uint8Array {
  const { data, width, height } = truth;
  const edge = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = data[i]!;
      const inside = v >= 128;
      const boundary = (x + 1 < width && data[i + 1]! >= 128 !== inside) || (y + 1 < height && data[i + width]! >= 128 !== inside);
      edge[i] = (v > 0 && v < 255) || boundary ? 1 : 0;
    }
  }
  const near = boxMean(edge, width, height, EDGE_BAND_PX, new Float32Array(edge.length));
  const band = new Uint8Array(width * height);
  for (let i = 0; i < band.length; i++) band[i] = near[i]! > 0 ? 1 : 0;
  return band;
}

/** Mean absolute alpha error ×1000, over the whole image and over the edge band. */
export function alphaError(alpha: Uint8Array, truth: AlphaImage, band: Uint8Array): { overall: number; edge: number } {
  let all = 0;
  let inBand = 0;
  let bandCount = 0;
  for (let i = 0; i < alpha.length; i++) {
    const d = alpha[i]! - truth.data[i]!;
    const e = d < 0 ? -d : d;
    all += e;
    if (band[i]) {
      inBand += e;
      bandCount++;
    }
  }
  return { overall: (all / alpha.length / 255) * 1000, edge: (inBand / Math.max(1, bandCount) / 255) * 1000 };
}

export type Backdrop = { label: string; colour: Rgb; gradient: [number, number]; falloff: number; noise: number };

/** Plain studio backdrops of the kinds students stand in front of, with light gradient and fall-off. */
export const BACKDROPS: Backdrop[] = [
  { label: 'blue', colour: [96, 160, 222], gradient: [0.08, -0.05], falloff: 0.18, noise: 2.5 },
  { label: 'white', colour: [236, 238, 240], gradient: [-0.04, 0.06], falloff: 0.12, noise: 2 },
  { label: 'grey', colour: [150, 152, 156], gradient: [0.06, 0.03], falloff: 0.2, noise: 3 },
  { label: 'beige', colour: [214, 200, 176], gradient: [0, 0.08], falloff: 0.15, noise: 2.5 },
];

/**
 * The same person on another backdrop, exactly: the fixture is I = αF + (1−α)B, so I' = I + (1−α)(B'−B)
 * with B the fixture's own (smoothly estimated) backdrop. The alpha stays exact ground truth.
 */
export async function rebackground(source: MattingCase, backdrop: Backdrop, seed: number): Promise<MattingCase> {
  const { image, truth } = source;
  const { width, height } = image;
  const n = width * height;
  const known = new Float32Array(n);
  for (let i = 0; i < n; i++) known[i] = truth.data[i]! > 0 ? 1 : 0;
  const oldBg = backgroundAtPixels(estimateBackground(image.data, width, height, known), width, height).colour;
  const random = mulberry32(seed);
  const out = new Uint8Array(n * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const u = x / width - 0.5;
      const v = y / height - 0.5;
      const shade = 1 + backdrop.gradient[0] * u * 2 + backdrop.gradient[1] * v * 2 - backdrop.falloff * (u * u + v * v) * 2;
      const keep = 1 - truth.data[i]! / 255;
      for (let c = 0; c < 3; c++) {
        const target = backdrop.colour[c]! * shade + gaussian(random) * backdrop.noise;
        const value = image.data[i * 3 + c]! + keep * (target - oldBg[i * 3 + c]!);
        out[i * 3 + c] = value < 0 ? 0 : value > 255 ? 255 : (value + 0.5) | 0;
      }
    }
  }
  // Through a JPEG like a real photo.
  const jpeg = await sharp(out, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
  const decoded = await sharp(jpeg).raw().toBuffer();
  return { name: `${source.name}~${backdrop.label}`, image: { data: new Uint8Array(decoded), width, height }, truth };
}

/**
 * The person's cast shadow on a photo's backdrop, as a flash or a lamp to one side throws it: the person's alpha
 * moved by (dx, dy) (shares of the width and height), blurred by `blur` (share of the width) and darkening the
 * backdrop by up to `depth`. Only the backdrop's part of each pixel darkens, I' = I·(1 − depth·s·(1 − α)), so the
 * alpha stays ground truth where it is exact.
 */
export type CastShadow = { dx: number; dy: number; blur: number; depth: number };

export async function castShadowOnto(image: RgbImage, alpha: AlphaImage, shadow: CastShadow): Promise<RgbImage> {
  const { width, height } = image;
  const ox = Math.round(shadow.dx * width);
  const oy = Math.round(shadow.dy * height);
  // Two pipelines: sharp extracts before it extends, whatever the order of the calls.
  const moved = await sharp(Buffer.from(alpha.data), { raw: { width, height, channels: 1 } })
    .extend({ top: oy, left: ox, bottom: 0, right: 0, background: { r: 0, g: 0, b: 0 } })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const cast = await sharp(moved, { raw: { width: width + ox, height: height + oy, channels: 1 } })
    .extract({ left: 0, top: 0, width, height })
    .blur(Math.max(0.3, shadow.blur * width))
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const dim = 1 - shadow.depth * (cast[i]! / 255) * (1 - alpha.data[i]! / 255);
    for (let c = i * 3; c < i * 3 + 3; c++) out[c] = Math.min(255, Math.round(image.data[c]! * dim));
  }
  return { data: out, width, height };
}

/** The case with the person's cast shadow on its backdrop, through a JPEG like a real photo; the alpha stays exact. */
export async function withCastShadow(source: MattingCase, shadow: CastShadow, label: string): Promise<MattingCase> {
  const { width, height } = source.image;
  const shaded = await castShadowOnto(source.image, source.truth, shadow);
  const jpeg = await sharp(shaded.data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
  const decoded = await sharp(jpeg).raw().toBuffer();
  return { name: `${source.name}~${label}`, image: { data: new Uint8Array(decoded), width, height }, truth: source.truth };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return sqrt(-2 * log(random() + 1e-12)) * cos(2 * PI * random());
}
