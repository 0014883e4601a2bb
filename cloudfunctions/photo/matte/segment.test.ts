/** The segmentation's upsampling: the model grid's probability to every region pixel, and its 8-bit alpha in the same pass. */
import sharp from 'sharp';
import { readFixture } from '../testing/fixtures';
import { coarseAlpha } from './index';
import { resizeBilinear } from './filters';
import { upsampleProbability } from './segment';

/** A probability-like grid from a real photo: its grey levels / 255 at the model's size, with saturated 0 and 1 where it is darkest and brightest. */
async function gridFrom(fixture: string, width: number, height: number): Promise<Float32Array> {
  const grey = await sharp(readFixture(fixture)).resize(width, height, { fit: 'fill' }).greyscale().raw().toBuffer();
  return Float32Array.from(grey, (g) => (g < 30 ? 0 : g > 225 ? 1 : g / 255));
}

describe('upsampleProbability', () => {
  // Model grids (selfie 256×256, meet 256×144) to the regions the engine cuts: both bench inputs' 696×1044,
  // a 960×1280 output's 1392×2088, a small fixture's 441×661 and one narrower than the grid.
  const cases: Array<[string, number, number, number, number]> = [
    ['ok-gray-bg.jpg', 256, 256, 696, 1044],
    ['ok-full-body.jpg', 256, 256, 1392, 2088],
    ['edge-white-bg-slight-teeth.jpg', 256, 256, 441, 661],
    ['ok-red-bg-tight.jpg', 256, 144, 696, 1044],
    ['ok-red-bg-tight.jpg', 256, 144, 200, 301],
  ];

  it.each(cases)('%s as a %i×%i grid to %i×%i: resizeBilinear’s probability and coarseAlpha’s alpha, bit for bit', async (fixture, sw, sh, tw, th) => {
    const grid = await gridFrom(fixture, sw, sh);
    const { prob, coarse } = upsampleProbability(grid, sw, sh, tw, th);
    const want = resizeBilinear(grid, sw, sh, tw, th);
    expect(Buffer.from(prob.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    expect([coarse.width, coarse.height]).toEqual([tw, th]);
    expect(Buffer.from(coarse.data).equals(Buffer.from(coarseAlpha(want, tw, th).data))).toBe(true);
    // Not a degenerate grid: the photo gives every alpha level from clear to solid.
    expect(new Set(coarse.data).size).toBeGreaterThan(200);
  });
});
