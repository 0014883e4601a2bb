import sharp from 'sharp';
import { encodeJpeg } from './encode';
import type { RgbImage } from './image';
import { LIMITS } from './limits';
import { readFixture } from './testing/fixtures';

/** A 480×640 RGB image of a fixture portrait, as the compose stage hands it to the encoder. */
async function portrait(): Promise<RgbImage> {
  const { data, info } = await sharp(readFixture('ok-gray-bg.jpg')).resize(480, 640, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

const KB = 1024;

describe('encodeJpeg: the quality is searched so the file lands in the batch size range', () => {
  it('lands in the default 20–40 KB range at the highest quality that fits', async () => {
    const image = await portrait();
    const { jpeg, quality } = await encodeJpeg(image, LIMITS.output.fileSizeKB);
    expect(jpeg.length).toBeGreaterThanOrEqual(20 * KB);
    expect(jpeg.length).toBeLessThanOrEqual(40 * KB);
    // One step up would not fit.
    expect((await encodeJpeg(image, { min: 0, max: jpeg.length / KB })).quality).toBe(quality);
  });

  it('goes above the usual ceiling only as far as a batch minimum the ceiling cannot reach', async () => {
    const image = await portrait();
    const atCeiling = await encodeJpeg(image, { min: 0, max: 10_000 });
    expect(atCeiling.quality).toBe(LIMITS.output.maxJpegQuality);
    const min = atCeiling.jpeg.length / KB + 1;
    const { jpeg, quality } = await encodeJpeg(image, { min, max: 10_000 });
    expect(quality).toBeGreaterThan(LIMITS.output.maxJpegQuality);
    expect(jpeg.length).toBeGreaterThanOrEqual(min * KB);
    // The lowest such quality: one below it stays under the minimum.
    const below = await encodeJpeg(image, { min: 0, max: jpeg.length / KB - 0.001 });
    expect(below.jpeg.length).toBeLessThan(min * KB);
  });

  it('never goes past the maximum to reach the minimum, and gives quality 100 when even that is too small', async () => {
    const image = await portrait();
    const at100 = (await encodeJpeg(image, { min: 10_000, max: 10_000 })).jpeg;
    expect((await encodeJpeg(image, { min: 10_000, max: 10_000 })).quality).toBe(100);
    const capped = await encodeJpeg(image, { min: 10_000, max: at100.length / KB - 1 });
    expect(capped.quality).toBeLessThan(100);
    expect(capped.jpeg.length).toBeLessThanOrEqual(at100.length - KB);
  });
});
