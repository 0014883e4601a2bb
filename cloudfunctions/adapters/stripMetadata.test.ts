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

  it('drops what a phone appends after the image (an MPF second image with its own EXIF) and APP segments between progressive scans', async () => {
    const progressive = await sharp(readFixture('ok-gray-bg.jpg')).jpeg({ quality: 90, progressive: true }).toBuffer();
    const trailer = await sharp(readFixture('ok-red-bg-tight.jpg')).resize(160).withExif({ IFD0: { Model: 'Depth 98765' } }).jpeg().toBuffer();
    // An XMP packet slipped in before the second scan (the first SOS's data ends at the next marker).
    const firstScan = progressive.indexOf(Buffer.from([0xff, 0xda]));
    const secondMarker = progressive.indexOf(Buffer.from([0xff, 0xc4]), firstScan + 2);
    const secret = Buffer.from('XMP Secret 43210', 'latin1');
    const xmp = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, secret.length + 2]), secret]);
    const upload = Buffer.concat([progressive.subarray(0, secondMarker), xmp, progressive.subarray(secondMarker), trailer]);
    expect((await pixels(upload)).equals(await pixels(progressive))).toBe(true);

    const { data } = await stripMetadata(upload);
    expect(data.includes('Depth 98765')).toBe(false);
    expect(data.includes('XMP Secret')).toBe(false);
    expect(data.equals(progressive)).toBe(true);
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
