/** measureFraming: where the region leaves the source, and which source edges the person touches. */
import { measureFraming } from './framing';
import type { AlphaImage } from './image';
import { warpRgb, type Affine } from './pixels';

/** A region of `width` × `height` px mapped onto a 300 × 400 source by `m`: its `outside` bits, as the region stage makes them. */
function regionOutside(m: Affine, width: number, height: number): Uint8Array {
  return warpRgb({ data: new Uint8Array(300 * 400 * 3), width: 300, height: 400 }, m, width, height).outside;
}

/** The rotation by `deg` about the region's centre, shifted so the region spills over the source's top left. */
function spilling(deg: number, width: number, height: number): Affine {
  const t = (deg * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  return { a: cos, b: -sin, c: 150 - 40 - (cos * width) / 2 + (sin * height) / 2, d: sin, e: cos, f: 200 - 30 - (sin * width) / 2 - (cos * height) / 2 };
}

/** The definition, pixel by pixel: the rectangle below every pixel beyond the top edge, above every one beyond the bottom, and so on. */
function validByDefinition(outside: Uint8Array, width: number, height: number): { left: number; right: number; top: number; bottom: number } {
  const valid = { left: 0, right: width, top: 0, bottom: height };
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const o = outside[v * width + u]!;
      if (o & 1) valid.top = Math.max(valid.top, v + 1);
      if (o & 2) valid.bottom = Math.min(valid.bottom, v);
      if (o & 4) valid.left = Math.max(valid.left, u + 1);
      if (o & 8) valid.right = Math.min(valid.right, u);
    }
  }
  return valid;
}

/** An alpha that is person (255) in columns [u0, u1) of every row, transparent elsewhere. */
function columnsOfPerson(width: number, height: number, u0: number, u1: number): AlphaImage {
  const data = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) data.fill(255, v * width + u0, v * width + u1);
  return { data, width, height };
}

describe('measureFraming', () => {
  // Widths that are and are not a multiple of four, rotations in both directions: the pass reads four pixels at a time.
  it.each([
    [0, 320, 440],
    [7, 321, 443],
    [-9, 318, 450],
    [3, 323, 441],
  ])('finds the valid rectangle of a region rotated by %i° (%i × %i)', (deg, width, height) => {
    const outside = regionOutside(spilling(deg, width, height), width, height);
    const alpha = columnsOfPerson(width, height, 0, 0);
    const framing = measureFraming(alpha, outside, width / 2, height / 2, 100, 0.05);
    expect(framing.valid).toEqual(validByDefinition(outside, width, height));
    // The same bits in an array that does not start on a 4-byte boundary.
    const shifted = new Uint8Array(outside.length + 1).fill(0);
    shifted.set(outside, 1);
    expect(measureFraming(alpha, shifted.subarray(1), width / 2, height / 2, 100, 0.05).valid).toEqual(framing.valid);
  });

  it('says the person touches the left edge only when person pixels lie right next to it', () => {
    const [width, height] = [321, 443];
    const outside = regionOutside(spilling(0, width, height), width, height);
    const { left } = validByDefinition(outside, width, height);
    expect(left).toBeGreaterThan(0);
    const touching = measureFraming(columnsOfPerson(width, height, left, left + 60), outside, width / 2, height / 2, 100, 0.05);
    expect(touching.touches.left).toBe(true);
    const apart = measureFraming(columnsOfPerson(width, height, left + 1, left + 60), outside, width / 2, height / 2, 100, 0.05);
    expect(apart.touches.left).toBe(false);
    // Spilling over the top left only: the right and bottom edges are never touched.
    expect(touching.touches.right || touching.touches.bottom).toBe(false);
  });
});
