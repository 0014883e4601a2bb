/**
 * The checks on the file itself (photo-standard.md §2), on real photos and copies of them saved again:
 * JPEG_ARTIFACTS from the blocking of the stored JPEG, EDITED_SOFTWARE from the app its metadata names. Both
 * only warn (the reviewer sees them); neither refuses a photo by itself.
 */
import sharp from 'sharp';
import { decode } from '../decode';
import { createEngine, LIMITS, type CheckCode, type PhotoEngine, type PhotoReport } from '../index';
import { readFixture } from '../testing/fixtures';
import { variants } from '../testing/variants';
import { editingSoftware, jpegBlockiness } from './file';

jest.setTimeout(120_000);

const source = readFixture('ok-gray-bg.jpg');

async function blockiness(input: Buffer): Promise<number | null> {
  return jpegBlockiness(input, await decode(input, { quick: true }));
}

async function softwareIn(input: Buffer): Promise<string | null> {
  return editingSoftware((await decode(input, { quick: true })).metadataText);
}

let engine: PhotoEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const result = (r: PhotoReport, code: CheckCode) => r.checks!.find((c) => c.code === code)!;

describe('JPEG_ARTIFACTS', () => {
  it('grows as the photo is saved at lower JPEG qualities, and flags the ones at 30 and below', async () => {
    const qualities = [95, 75, 50, 30, 12];
    const values = await Promise.all(qualities.map(async (q) => (await blockiness(await variants.recompressed(source, q)))!));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(values.slice(0, 3).every((v) => v <= LIMITS.quality.maxBlockiness)).toBe(true);
    expect(values.slice(3).every((v) => v > LIMITS.quality.maxBlockiness)).toBe(true);
  });

  it('flags the real group photo, saved again by an editor at a low quality', async () => {
    expect(await blockiness(readFixture('bad-group.jpg'))).toBeGreaterThan(3);
  });

  it("is measured on the photo inside a screenshot's black bars, not on the bars", async () => {
    // Bars of whole 8-px blocks, so the photo keeps its block grid; the file is saved at quality 30 as a whole.
    const plain = await variants.recompressed(source, 30);
    const framed = await sharp(source).extend({ top: 176, bottom: 176, background: '#000' }).jpeg({ quality: 30 }).toBuffer();
    const inside = (await blockiness(framed))!;
    expect(inside).toBeGreaterThan(LIMITS.quality.maxBlockiness);
    expect(Math.abs(inside - (await blockiness(plain))!)).toBeLessThan(0.2);
  });

  it('is not measured on PNG or WebP, which have no 8×8 blocks of their own', async () => {
    expect(await blockiness(await variants.greyPng(source))).toBeNull();
    expect(await blockiness(await variants.webp(source))).toBeNull();
  });

  it('warns in the report and asks for the original, while the photo still passes', async () => {
    const report = await engine.check(await variants.recompressed(source, 20));
    expect(report.verdict).toBe('pass');
    expect(result(report, 'JPEG_ARTIFACTS')).toMatchObject({ status: 'warn', limit: LIMITS.quality.maxBlockiness });
    expect(result(report, 'JPEG_ARTIFACTS').message).toContain('原图');
  });
});

describe('EDITED_SOFTWARE', () => {
  it('names the editor recorded in the real photos that carry one', async () => {
    expect(await softwareIn(readFixture('edge-white-bg-slight-teeth.jpg'))).toBe('Photoshop');
    expect(await softwareIn(readFixture('bad-flags-bg-teeth.jpg'))).toBe('Photoshop');
    expect(await softwareIn(readFixture('bad-group.jpg'))).toBe('paint.net');
  });

  it('names nothing for the camera photos', async () => {
    for (const name of ['ok-gray-bg.jpg', 'ok-full-body.jpg', 'ok-red-bg-tight.jpg']) expect(await softwareIn(readFixture(name))).toBeNull();
  });

  it.each([
    ['Adobe Photoshop 25.0 (Windows)', 'Photoshop'],
    ['Adobe Photoshop Lightroom Classic 13.0 (Macintosh)', 'Photoshop'],
    ['paint.net 4.2.5', 'paint.net'],
    ['GIMP 2.10.34', 'GIMP'],
    ['Snapseed 2.0', 'Snapseed'],
    ['Meitu', 'Meitu'],
    ['BeautyCam', 'BeautyCam'],
    ['Facetune2', 'Facetune'],
    ['PicsArt Photo Studio', 'PicsArt'],
  ])('EXIF Software "%s" names %s', async (software, named) => {
    expect((await softwareIn(await variants.softwareTagged(source, software)))?.toLowerCase()).toBe(named.toLowerCase());
  });

  it.each(['HDR+ 1.0.540104767zd', '17.1.1', 'MIUI Camera', 'G991BXXU5CVF1', 'ELE-AL00 10.1.0.150(C00E148R1P11)'])(
    'a phone camera writing "%s" is no editor',
    async (software) => {
      expect(await softwareIn(await variants.softwareTagged(source, software))).toBeNull();
    },
  );

  it('reads XMP CreatorTool, Chinese app names too', async () => {
    expect(await softwareIn(await variants.creatorToolTagged(source, '美图秀秀'))).toBe('美图');
    expect(await softwareIn(await variants.creatorToolTagged(source, '醒图 8.2.0'))).toBe('醒图');
  });

  it('warns in the report with the app it found, while the photo still passes', async () => {
    const report = await engine.check(await variants.softwareTagged(source, 'Meitu 9.8.5'));
    expect(report.verdict).toBe('pass');
    expect(result(report, 'EDITED_SOFTWARE')).toMatchObject({ status: 'warn', value: 'Meitu' });
    expect(result(report, 'EDITED_SOFTWARE').message).toContain('美颜');
  });
});
