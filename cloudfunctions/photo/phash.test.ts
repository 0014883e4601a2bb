/** The perceptual hash: its 32×32 shrink is resizeRgb's box average byte for byte, so stored hashes stay comparable. */
import sharp from 'sharp';
import { decode } from './decode';
import { hammingDistance, phash, shrinkTo32 } from './phash';
import { resizeRgb } from './pixels';
import { fixtures, readFixture } from './testing/fixtures';

it.each([...fixtures('ok-'), ...fixtures('edge-')])('%s: the one-pass shrink is resizeRgb(image, 32, 32), byte for byte', async (name) => {
  for (const quick of [true, false]) {
    const { image } = await decode(readFixture(name), { quick });
    expect(Buffer.from(shrinkTo32(image).data)).toEqual(Buffer.from(resizeRgb(image, 32, 32).data));
  }
});

it.each([
  [33, 33],
  [333, 517],
  [20, 40],
])('a %i×%i image shrinks like resizeRgb too', async (width, height) => {
  const { image } = await decode(await sharp(readFixture('ok-gray-bg.jpg')).resize(width, height, { fit: 'fill' }).png().toBuffer());
  expect(Buffer.from(shrinkTo32(image).data)).toEqual(Buffer.from(resizeRgb(image, 32, 32).data));
});

it('the same photo re-encoded hashes within a few bits; another photo does not', async () => {
  const a = (await decode(readFixture('ok-gray-bg.jpg'))).image;
  const again = (await decode(await sharp(readFixture('ok-gray-bg.jpg')).jpeg({ quality: 70 }).toBuffer())).image;
  const other = (await decode(readFixture('ok-red-bg-tight.jpg'))).image;
  expect(hammingDistance(phash(a), phash(again))).toBeLessThanOrEqual(4);
  expect(hammingDistance(phash(a), phash(other))).toBeGreaterThan(10);
});

it('any view of the bytes (unaligned in its buffer, odd widths, boxes over 1024 px wide) shrinks like resizeRgb', () => {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const [width, height] of [
    [33, 35],
    [401, 97],
    [1001, 67],
    [40_000, 33],
  ] as const) {
    for (let offset = 0; offset < 4; offset++) {
      const bytes = new Uint8Array(width * height * 3 + 4);
      // Mostly 255s: the most a 16-bit lane of a word sum can be asked to hold.
      for (let i = 0; i < bytes.length; i++) bytes[i] = random() < 0.9 ? 255 : Math.floor(random() * 256);
      const image = { data: bytes.subarray(offset, offset + width * height * 3), width, height };
      expect(Buffer.from(shrinkTo32(image).data)).toEqual(Buffer.from(resizeRgb(image, 32, 32).data));
    }
  }
});
