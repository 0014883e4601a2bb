/**
 * measureOutput: the written file's own pixels give size, background and head top; the eye line comes from
 * the rendered landmarks only when the decoded file shows the rendered face, else from the file's own face
 * detection.
 */
import sharp from 'sharp';
import { createFaceDetectors, detectFaces, type FaceDetectors, type Point3 } from './face';
import type { RgbImage } from './image';
import { measureFace } from './landmarks';
import { setJfifDensity } from './encode';
import { measureOutput } from './output';
import { readFixture } from './testing/fixtures';

jest.setTimeout(120_000);

let detectors: FaceDetectors;
let image: RgbImage;
let jpeg: Buffer;
let mesh: Point3[];
beforeAll(async () => {
  detectors = await createFaceDetectors();
  const { data, info } = await sharp(readFixture('ok-gray-bg.jpg')).resize(480, 640, { fit: 'cover' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  image = { data: new Uint8Array(data), width: info.width, height: info.height };
  jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  mesh = (await detectFaces(detectors, image, { count: false })).mesh!;
});

const shifted = (by: number): Point3[] => mesh.map((p) => ({ ...p, y: p.y + by }));

it('takes the eye line from the rendered landmarks when the file shows the rendered pixels', async () => {
  const out = await measureOutput(jpeg, detectors, { image, mesh: shifted(7) });
  expect(out.eyeLineY).toBe(Math.round(measureFace(shifted(7)).eyeCenter.y));
  expect([out.width, out.height, out.bytes]).toEqual([480, 640, jpeg.length]);
});

it('measures the face itself when the file does not show what was rendered', async () => {
  const other: RgbImage = { ...image, data: image.data.map((v) => 255 - v) };
  const out = await measureOutput(jpeg, detectors, { image: other, mesh: shifted(40) });
  expect(Math.abs(out.eyeLineY - measureFace(mesh).eyeCenter.y)).toBeLessThanOrEqual(3);
});

it('compares the file with the render where the landmarks are: differences outside the face do not matter', async () => {
  // The rendered image with every pixel outside the landmarks' box inverted (most of the photo).
  const m = shifted(7);
  const [x0, x1] = [Math.min(...m.map((p) => p.x)), Math.max(...m.map((p) => p.x))];
  const [y0, y1] = [Math.min(...m.map((p) => p.y)), Math.max(...m.map((p) => p.y))];
  const outsideFace = image.data.map((v, i) => {
    const x = Math.floor(i / 3) % image.width;
    const y = Math.floor(i / 3 / image.width);
    return x >= Math.floor(x0) && x < Math.ceil(x1) && y >= Math.floor(y0) && y < Math.ceil(y1) ? v : 255 - v;
  });
  const out = await measureOutput(jpeg, detectors, { image: { ...image, data: outsideFace }, mesh: m });
  expect(out.eyeLineY).toBe(Math.round(measureFace(m).eyeCenter.y));
});

it('reads the dpi from the JFIF header the encoder writes, and from sharp when the file has none', async () => {
  expect((await measureOutput(setJfifDensity(jpeg, 300), detectors, { image, mesh })).dpi).toBe(300);
  expect((await measureOutput(setJfifDensity(jpeg, 350), detectors, { image, mesh })).dpi).toBe((await sharp(setJfifDensity(jpeg, 350)).metadata()).density);
  // sharp writes no APP0 for raw input: libvips's default.
  expect(jpeg.readUInt16BE(2)).not.toBe(0xffe0);
  expect((await measureOutput(jpeg, detectors, { image, mesh })).dpi).toBe((await sharp(jpeg).metadata()).density ?? 72);
});
