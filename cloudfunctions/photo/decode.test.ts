/** Inputs of every kind are read by content, upright, as 8-bit sRGB; unreadable and oversized ones are refused. */
import { decode, InputError } from './decode';
import { LIMITS } from './limits';
import { pngBomb, variants } from './testing/variants';
import { readFixture } from './testing/fixtures';

const source = readFixture('ok-gray-bg.jpg'); // 512 × 715

async function refusal(input: Buffer): Promise<string | undefined> {
  try {
    await decode(input);
    return undefined;
  } catch (err) {
    if (err instanceof InputError) return err.code;
    throw err;
  }
}

describe('decode', () => {
  it.each([
    ['CMYK JPEG', variants.cmykJpeg],
    ['progressive JPEG', variants.progressiveJpeg],
    ['16-bit PNG', variants.png16],
    ['grey PNG', variants.greyPng],
    ['PNG with alpha', variants.alphaPng],
    ['WebP', variants.webp],
  ])('reads a %s as 8-bit RGB at the source size', async (_kind, make) => {
    const d = await decode(await make(source));
    expect([d.sourceWidth, d.sourceHeight, d.image.width, d.image.height]).toEqual([512, 715, 512, 715]);
    expect(d.image.data.length).toBe(512 * 715 * 3);
  });

  it('applies the EXIF orientation: a photo stored sideways comes out upright', async () => {
    const sideways = await variants.sideways(source);
    const upright = await decode(source);
    const d = await decode(sideways);
    expect([d.image.width, d.image.height]).toEqual([upright.image.width, upright.image.height]);
    // Same picture: the mean difference of the pixels is small (JPEG re-encoding only).
    let diff = 0;
    for (let i = 0; i < d.image.data.length; i += 97) diff += Math.abs(d.image.data[i]! - upright.image.data[i]!);
    expect(diff / (d.image.data.length / 97)).toBeLessThan(6);
  });

  it("trims a gallery screenshot's black bars: the picture inside, at its own size, and where it lies in the source", async () => {
    const d = await decode(await variants.framed(source, { top: 0.25, bottom: 0.25 }, '#000'));
    // 179 px of bar above and below; at most the few mixed lines of each bar's edge are trimmed with it.
    expect([d.sourceWidth, d.sourceHeight]).toEqual([512, 715 + 2 * 179]);
    expect(d.crop.left).toBe(0);
    expect(d.crop.width).toBe(512);
    expect(d.crop.top - 179).toBeGreaterThanOrEqual(0);
    expect(d.crop.top - 179).toBeLessThanOrEqual(3);
    expect(715 - d.crop.height).toBeLessThanOrEqual(6);
    expect([d.image.width, d.image.height, d.scale]).toEqual([d.crop.width, d.crop.height, 1]);
  });

  it('trims the bars of a photo stored sideways in the upright picture, as for the upright photo', async () => {
    const framed = await variants.framed(source, { left: 0.3, right: 0.3 }, '#000');
    const upright = await decode(framed);
    const sideways = await decode(await variants.sideways(framed));
    expect(upright.crop.left).toBeGreaterThanOrEqual(154);
    expect(sideways.crop).toEqual(upright.crop);
    // The same picture (JPEG re-encoding aside), not a crop of the stored grid.
    let diff = 0;
    for (let i = 0; i < upright.image.data.length; i += 97) diff += Math.abs(sideways.image.data[i]! - upright.image.data[i]!);
    expect(diff / (upright.image.data.length / 97)).toBeLessThan(6);
  });

  it('decodes all of a photo without bars', async () => {
    expect((await decode(source)).crop).toEqual({ left: 0, top: 0, width: 512, height: 715 });
  });

  it('judges by content, not by name: a WebP is a WebP whatever it is called', async () => {
    expect((await decode(readFixture('bad-street-bg.webp'))).format).toBe('webp');
    expect((await decode(await variants.webp(source))).format).toBe('webp');
  });

  it('refuses a truncated JPEG, a text file and a GIF as FILE_UNSUPPORTED', async () => {
    expect(await refusal(variants.truncated(source, 0.6))).toBe('FILE_UNSUPPORTED');
    expect(await refusal(readFixture('bad-not-an-image.jpg'))).toBe('FILE_UNSUPPORTED');
    expect(await refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toBe('FILE_UNSUPPORTED');
    expect(await refusal(Buffer.alloc(0))).toBe('FILE_UNSUPPORTED');
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const bomb = pngBomb(30000, 30000);
    expect(bomb.length).toBeLessThan(2000);
    const t0 = performance.now();
    expect(await refusal(bomb)).toBe('FILE_TOO_LARGE');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses a file over 20 MB', async () => {
    const big = Buffer.concat([source, Buffer.alloc(LIMITS.input.maxBytes)]);
    expect(await refusal(big)).toBe('FILE_TOO_LARGE');
  });

  it('shrinks a phone-sized photo while decoding and says by how much', async () => {
    const phone = await variants.downscaled(source, 3000 / 512);
    const d = await decode(phone);
    expect(Math.max(d.image.width, d.image.height)).toBe(LIMITS.input.decodeLongSide);
    expect(d.scale).toBeCloseTo(d.image.width / d.sourceWidth, 6);
  });
});
