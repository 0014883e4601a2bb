/** The affine warp (the region cut): bilinear at pixel centres, the edge repeated beyond the source, which edge was crossed. */
import sharp from 'sharp';
import type { RgbImage } from './image';
import { warpAlpha, warpRgb, type Affine } from './pixels';
import { readFixture } from './testing/fixtures';

/**
 * The warp's definition, one pixel and one channel at a time: source (x, y) of the pixel centre, clamped into
 * the source, the four neighbours (the edge one repeated) weighted by the fractions, rounded half up.
 */
function byDefinition(src: Uint8Array, sw: number, sh: number, channels: number, m: Affine, width: number, height: number): { data: Uint8Array; outside: Uint8Array } {
  const data = new Uint8Array(width * height * channels);
  const outside = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const x = m.a * u + (m.b * (v + 0.5) + m.c - 0.5 + m.a * 0.5);
      const y = m.d * u + (m.e * (v + 0.5) + m.f - 0.5 + m.d * 0.5);
      outside[v * width + u] = (y < -0.5 ? 1 : 0) | (y > sh - 0.5 ? 2 : 0) | (x < -0.5 ? 4 : 0) | (x > sw - 0.5 ? 8 : 0);
      const xc = Math.min(Math.max(x, 0), sw - 1);
      const yc = Math.min(Math.max(y, 0), sh - 1);
      const [x0, y0] = [Math.floor(xc), Math.floor(yc)];
      const [x1, y1] = [Math.min(x0 + 1, sw - 1), Math.min(y0 + 1, sh - 1)];
      const [fx, fy] = [xc - x0, yc - y0];
      for (let c = 0; c < channels; c++) {
        const at = (px: number, py: number): number => src[(py * sw + px) * channels + c]!;
        const value = at(x0, y0) * ((1 - fx) * (1 - fy)) + at(x1, y0) * (fx * (1 - fy)) + at(x0, y1) * ((1 - fx) * fy) + at(x1, y1) * (fx * fy);
        data[(v * width + u) * channels + c] = Math.floor(value + 0.5);
      }
    }
  }
  return { data, outside };
}

/** A rotation by `deg` and a scale by `k` (source px per output px), its output centre on source point (cx, cy). */
function rotation(deg: number, k: number, cx: number, cy: number, width: number, height: number): Affine {
  const t = (deg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t) * k, Math.sin(t) * k];
  return { a: cos, b: -sin, c: cx - (cos * width) / 2 + (sin * height) / 2, d: sin, e: cos, f: cy - (sin * width) / 2 - (cos * height) / 2 };
}

describe('warpRgb / warpAlpha', () => {
  let photo: RgbImage;
  beforeAll(async () => {
    const { data, info } = await sharp(readFixture('ok-red-bg-tight.jpg')).resize(240).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    photo = { data: new Uint8Array(data), width: info.width, height: info.height };
  });

  // Inside the source, spilling over each edge and corner, rotated both ways, enlarged and shrunk, mirrored.
  const maps = (w: number, h: number): Array<[string, Affine]> => [
    ['inside, rotated 3°', rotation(3, 0.8, 120, 170, w, h)],
    ['over the top and left, rotated −4°', rotation(-4, 1.3, 60, 40, w, h)],
    ['over the bottom and right, rotated 7°', rotation(7, 1.1, 200, 300, w, h)],
    ['over every edge, enlarged', rotation(2, 2.2, 120, 170, w, h)],
    ['much enlarged, about the centre', rotation(-1, 0.25, 120, 170, w, h)],
    ['a plain shift', { a: 1, b: 0, c: -30, d: 0, e: 1, f: 25 }],
    ['mirrored', { a: -0.9, b: 0.05, c: 220, d: 0.05, e: 0.9, f: 10 }],
    ['rotated a quarter turn', rotation(90, 1, 120, 170, w, h)],
  ];

  it.each(maps(150, 210))('samples RGB and flags the crossed edges as defined: %s', (_name, m) => {
    const got = warpRgb(photo, m, 150, 210);
    const want = byDefinition(photo.data, photo.width, photo.height, 3, m, 150, 210);
    expect(Buffer.from(got.image.data).equals(Buffer.from(want.data))).toBe(true);
    expect(Buffer.from(got.outside).equals(Buffer.from(want.outside))).toBe(true);
  });

  it.each(maps(97, 133))('samples one channel as defined: %s', (_name, m) => {
    const grey = { data: photo.data.subarray(0, photo.width * photo.height), width: photo.width, height: photo.height };
    const got = warpAlpha(grey, m, 97, 133);
    expect(Buffer.from(got.data).equals(Buffer.from(byDefinition(grey.data, grey.width, grey.height, 1, m, 97, 133).data))).toBe(true);
  });

  it('reads an image that is a view into a larger buffer at an odd offset', () => {
    const backing = new Uint8Array(photo.data.length + 7);
    backing.set(photo.data, 5);
    const view: RgbImage = { data: backing.subarray(5, 5 + photo.data.length), width: photo.width, height: photo.height };
    const m = rotation(3, 0.9, 120, 170, 150, 210);
    expect(Buffer.from(warpRgb(view, m, 150, 210).image.data).equals(Buffer.from(warpRgb(photo, m, 150, 210).image.data))).toBe(true);
  });
});
