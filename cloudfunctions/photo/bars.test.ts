/** Plain bars around a photo are found; a plain backdrop, however flat, is never taken for one. */
import sharp from 'sharp';
import { findBars } from './bars';
import type { RgbImage } from './image';
import { DEFAULT_FIXTURES_DIR, listCases, readCase } from './matte/bench/fixtures';
import { fixtures, readFixture } from './testing/fixtures';
import { variants } from './testing/variants';

async function pixels(input: Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

const source = readFixture('ok-gray-bg.jpg'); // 512 × 715

describe('findBars', () => {
  it("finds a gallery screenshot's black bars above and below, to within the few mixed lines of their edge", async () => {
    const bars = findBars(await pixels(await variants.framed(source, { top: 0.25, bottom: 0.25 }, '#000')));
    // 0.25 × 715 = 179 px each.
    expect(bars?.top).toBeGreaterThanOrEqual(179);
    expect(bars?.top).toBeLessThanOrEqual(179 + 3);
    expect(bars?.bottom).toBeGreaterThanOrEqual(179);
    expect(bars?.bottom).toBeLessThanOrEqual(179 + 3);
    expect([bars?.left, bars?.right]).toEqual([0, 0]);
  });

  it("finds the black above and below a photo in a phone screenshot, the status bar's time and icons included", async () => {
    // A 1080 × 2340 screen: white blocks where the time and the battery are, the photo 1080 px wide in the middle.
    const status = Buffer.from(
      '<svg width="1080" height="100">' +
        [40, 70, 116, 146].map((x) => `<rect x="${x}" y="30" width="22" height="36" fill="#fff"/>`).join('') +
        '<rect x="900" y="34" width="30" height="28" fill="#fff"/><rect x="950" y="36" width="70" height="26" rx="6" fill="#fff"/></svg>',
    );
    const photo = await sharp(source).resize({ width: 1080 }).toBuffer(); // 1080 × 1508
    const top = Math.round((2340 - 1508) / 2);
    const screen = await sharp({ create: { width: 1080, height: 2340, channels: 3, background: '#000' } })
      .composite([{ input: status, left: 0, top: 0 }, { input: photo, left: 0, top }])
      .jpeg({ quality: 90 })
      .toBuffer();
    const bars = findBars(await pixels(screen));
    expect(bars?.top).toBeGreaterThanOrEqual(top);
    expect(bars?.top).toBeLessThanOrEqual(top + 4);
    expect(bars?.bottom).toBeGreaterThanOrEqual(2340 - top - 1508);
    expect(bars?.bottom).toBeLessThanOrEqual(2340 - top - 1508 + 4);
  });

  it("finds a scanned print's white border on all four sides", async () => {
    const bars = findBars(await pixels(await variants.framed(source, { top: 0.06, bottom: 0.06, left: 0.08, right: 0.08 }, '#fff')));
    // 43 px above and below, 41 px at the sides.
    for (const [side, size] of [['top', 43], ['bottom', 43], ['left', 41], ['right', 41]] as const) {
      expect(bars?.[side]).toBeGreaterThanOrEqual(size);
      expect(bars?.[side]).toBeLessThanOrEqual(size + 3);
    }
  });

  it("finds a white border around a saturated red backdrop, whose colour JPEG bleeds into the border's last lines", async () => {
    const bars = findBars(await pixels(await variants.framed(readFixture('ok-red-bg-tight.jpg'), { top: 0.05, bottom: 0.05, left: 0.07, right: 0.07 }, '#fff')));
    // ok-red-bg-tight is 606 × 851: 43 px above and below, 42 px at the sides.
    for (const [side, size] of [['top', 43], ['bottom', 43], ['left', 42], ['right', 42]] as const) {
      expect(bars?.[side]).toBeGreaterThanOrEqual(size);
      expect(bars?.[side]).toBeLessThanOrEqual(size + 3);
    }
  });

  it.each([...fixtures('ok-'), ...fixtures('edge-'), ...fixtures('bad-').filter((f) => f !== 'bad-not-an-image.jpg')])('finds none in %s', async (name) => {
    expect(findBars(await pixels(readFixture(name)))).toBeUndefined();
  });

  // The portraits over a backdrop made from their exact alpha, through a JPEG: perfectly flat white, as a studio's
  // e-photo is (rows of 255 from the top down to the hair), and white darkening steadily across the picture, as
  // light falls off (a first colour left behind too, but gradually).
  const backdrops: Array<[string, (x: number, y: number) => number]> = [
    ['flat white', () => 255],
    ['white darkening downwards', (_x, y) => 255 - 150 * y],
    ['white darkening sideways', (x) => 255 - 60 * x],
  ];
  it.each(listCases(DEFAULT_FIXTURES_DIR).flatMap((name) => backdrops.map(([label, shade]) => [name, label, shade] as const)))('finds none in %s on %s', async (name, _label, shade) => {
    const { image, truth } = await readCase(DEFAULT_FIXTURES_DIR, name);
    const { width, height } = image;
    const photo = new Uint8Array(image.data.length);
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i++) {
        const a = truth.data[i]! / 255;
        const backdrop = (1 - a) * shade(x / width, y / height) + 0.5;
        for (let c = 0; c < 3; c++) photo[i * 3 + c] = a * image.data[i * 3 + c]! + backdrop;
      }
    }
    const decoded = await pixels(await sharp(photo, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer());
    if (shade(0, 0) === 255 && shade(1, 1) === 255) expect(decoded.data.subarray(0, width * 3).every((v) => v >= 250)).toBe(true);
    expect(findBars(decoded)).toBeUndefined();
  });

  it('leaves a picture alone when trimming would leave little of it', async () => {
    expect(findBars(await pixels(await variants.framed(source, { top: 1.5, bottom: 1.5 }, '#000')))).toBeUndefined();
  });
});
