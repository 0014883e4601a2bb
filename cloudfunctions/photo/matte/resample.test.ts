/** The segmentation's upsampling gives the matte exactly what the general bilinear resize gave it. */
import { decode } from '../decode';
import { fixtures, readFixture } from '../testing/fixtures';
import { downsampleRgb, resizeBilinear } from './filters';
import { upsampleProbability } from './resample';

/** Whether two float grids hold the same bits (natively: jest's toEqual walks a 3 MB buffer element by element, for minutes). */
const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

it.each([...fixtures('ok-'), ...fixtures('edge-')])('%s: upsampleProbability is resizeBilinear, bit for bit', async (name) => {
  const { image } = await decode(readFixture(name), { quick: true });
  // Both models' grids (selfie 256×256, meet 256×144), a smooth 0..1 map from the photo's own green channel.
  for (const [gw, gh] of [
    [256, 256],
    [256, 144],
  ] as const) {
    const input = downsampleRgb(image.data, image.width, image.height, gw, gh);
    const grid = new Float32Array(gw * gh);
    for (let i = 0; i < grid.length; i++) grid[i] = input[i * 3 + 1]!;
    // The photo's size, the bench's region size, and an odd size.
    for (const [tw, th] of [
      [image.width, image.height],
      [696, 1044],
      [301, 517],
    ] as const) {
      expect(sameBits(upsampleProbability(grid, gw, gh, tw, th), resizeBilinear(grid, gw, gh, tw, th))).toBe(true);
    }
  }
});
