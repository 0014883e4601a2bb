import sharp from 'sharp';
import { readFixture } from '../photo/testing/fixtures';
import { jpegWithoutMetadata, stripMetadata } from './stripMetadata';

const pixels = (image: Buffer) => sharp(image).raw().toBuffer();

/** The stored copy of every upload (architecture.md: metadata is stripped from every stored image), on the shared fixtures. */
describe('stripMetadata', () => {
  it('drops EXIF (camera, serial, GPS), XMP and comments from a JPEG and keeps its compressed image data byte for byte', async () => {
    // edge-white-bg-slight-teeth.jpg carries EXIF, XMP (an editing app) and an ICC profile as it came.
    const upload = await sharp(readFixture('edge-white-bg-slight-teeth.jpg'))
      .keepIccProfile()
      .withExif({ IFD0: { Make: 'TestPhone', Model: 'Serial 12345', Software: 'Meitu' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 11/1 0/1' } })
      .jpeg({ quality: 92 })
      .toBuffer();
    expect(await sharp(upload).metadata()).toMatchObject({ exif: expect.any(Buffer), icc: expect.any(Buffer) });

    const { data, contentType } = await stripMetadata(upload);
    expect(contentType).toBe('image/jpeg');
    const meta = await sharp(data).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.comments]).toEqual([undefined, undefined, undefined, undefined]);
    expect(data.includes('Serial 12345')).toBe(false);
    expect(data.includes('Meitu')).toBe(false);
    // The colour profile stays (the pixels mean the same colours), and the pixels are exactly the upload's.
    expect(meta.icc).toEqual((await sharp(upload).metadata()).icc);
    expect((await pixels(data)).equals(await pixels(upload))).toBe(true);
    expect(data.length).toBeLessThan(upload.length);
  });

  it('turns a JPEG its EXIF says is rotated upright, re-encoded without metadata', async () => {
    const sideways = await sharp(readFixture('ok-gray-bg.jpg')).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const { data } = await stripMetadata(sideways);
    const meta = await sharp(data).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 715, height: 512 });
    expect([meta.exif, meta.orientation]).toEqual([undefined, undefined]);
  });

  it('re-encodes PNG and WebP in their own format without metadata', async () => {
    const png = await stripMetadata(readFixture('bad-no-face-cat.png'));
    expect(png.contentType).toBe('image/png');
    const meta = await sharp(png.data).metadata();
    expect([meta.format, meta.xmp]).toEqual(['png', undefined]);
    const webp = await stripMetadata(readFixture('bad-street-bg.webp'));
    expect(webp.contentType).toBe('image/webp');
  });

  it('leaves a JPEG whose header it cannot follow to the re-encoding path', () => {
    const jpeg = readFixture('ok-gray-bg.jpg');
    expect(jpegWithoutMetadata(jpeg.subarray(0, 40))).toBeNull();
    expect(jpegWithoutMetadata(Buffer.from('not a jpeg'))).toBeNull();
    expect(jpegWithoutMetadata(jpeg)?.equals(jpeg)).toBe(true); // nothing to drop: unchanged
  });
});
