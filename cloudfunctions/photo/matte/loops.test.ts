/**
 * The backdrop seen through loose loops of hair is replaced too. Inside them it lies in the person's
 * shadow (darker than the lit backdrop, same hue), where the model is unsure: it must not stay in the
 * standard photo as a patch of the old wall.
 */
import sharp from 'sharp';
import { createEngine } from '../index';
import { readFixture } from '../testing/fixtures';

jest.setTimeout(240_000);

/** In ok-full-body's 480×640 standard photo: the loops of hair beside the jaw (x, y, width, height). */
const LOOPS = {
  left: [95, 370, 80, 110],
  right: [290, 380, 70, 110],
} as const;

/** The old beige backdrop as it appears in the loops (lit and shaded), and the new blue one. */
const OLD_BEIGE: [number, number, number] = [155, 137, 122];
const NEW_BLUE: [number, number, number] = [100, 197, 255];

const near = (r: number, g: number, b: number, [tr, tg, tb]: [number, number, number], within: number): boolean => Math.hypot(r - tr, g - tg, b - tb) < within;

it('leaves little of the old backdrop inside the loose hair loops of ok-full-body', async () => {
  const engine = await createEngine();
  const made = await engine.make(readFixture('ok-full-body.jpg'));
  expect(made.output).toBeDefined();
  if (!made.output) return;
  const { data, info } = await sharp(made.output.jpeg).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([480, 640]);
  for (const [x0, y0, w, h] of Object.values(LOOPS)) {
    let old = 0;
    let replaced = 0;
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const k = (y * info.width + x) * 3;
        const [r, g, b] = [data[k]!, data[k + 1]!, data[k + 2]!];
        if (near(r, g, b, NEW_BLUE, 40)) replaced++;
        else if (r >= b + 10 && near(r, g, b, OLD_BEIGE, 35)) old++;
      }
    }
    // Before the shaded backdrop was recognised, about 30 % of each box was the old wall.
    expect(old / (w * h)).toBeLessThan(0.15);
    expect(replaced / (w * h)).toBeGreaterThan(0.15);
  }
});
