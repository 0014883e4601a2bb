/**
 * COLOR_CAST judges skin and neutral areas together (photo-standard.md §2): a skin chroma over the limit is a cast
 * only when the bright areas are coloured too. On real photos: Obama's official portrait (bad-flags-bg-teeth, studio
 * light, white shirt) and the same portrait tinted; the warm-lit party photo bad-group.
 */
import { createEngine, LIMITS, type PhotoEngine, type PhotoReport } from '../index';
import { readFixture } from '../testing/fixtures';
import { variants } from '../testing/variants';
import { judgeColourCast } from './colour-cast';

jest.setTimeout(120_000);

let engine: PhotoEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const colourCast = (r: PhotoReport) => r.checks!.find((c) => c.code === 'COLOR_CAST')!;
/** The bright areas' chroma the report gives, when it measured them. */
const brightChroma = (r: PhotoReport): number | undefined => {
  const m = /亮部色度 (\d+)/.exec(String(colourCast(r).value));
  return m ? Number(m[1]) : undefined;
};

const portrait = readFixture('bad-flags-bg-teeth.jpg');

it('a darker skin at the chroma limit in neutral studio light is no cast: the white shirt and wall are neutral', async () => {
  const report = await engine.check(portrait);
  expect(colourCast(report).status).toBe('pass');
  expect(brightChroma(report)).toBeLessThanOrEqual(LIMITS.quality.maxNeutralChroma);
});

it.each([
  ['warm (tungsten-like)', [1.1, 1, 0.9]],
  ['magenta', [1.1, 0.9, 1.1]],
] as const)('the same portrait under a 10 %% %s tint is a cast: the bright areas carry the colour too', async (_name, gains) => {
  const report = await engine.check(await variants.tinted(portrait, [...gains]));
  expect(colourCast(report).status).toBe('fail');
  expect(brightChroma(report)).toBeGreaterThan(LIMITS.quality.maxNeutralChroma);
});

it('warm indoor light without white balance (the party photo bad-group) is a cast', async () => {
  const report = await engine.check(readFixture('bad-group.jpg'));
  expect(colourCast(report).status).toBe('fail');
  expect(brightChroma(report)).toBeGreaterThan(2 * LIMITS.quality.maxNeutralChroma);
});

it('skin within its limits is judged on the skin alone, without measuring the bright areas', () => {
  const measure = jest.fn(() => ({ chroma: 40 }));
  expect(judgeColourCast({ hue: 126, chroma: 0.24, meanLuma: 175 }, measure)).toEqual({ cast: false });
  expect(judgeColourCast({ hue: 176, chroma: 0.25, meanLuma: 177 }, measure)).toEqual({ cast: true });
  expect(measure).not.toHaveBeenCalled();
});

it('skin beyond any natural skin is a cast even when the bright areas are neutral', () => {
  const neutral = () => ({ chroma: 5 });
  expect(judgeColourCast({ hue: 130, chroma: 0.5, meanLuma: 150 }, neutral).cast).toBe(false); // 75 grey levels
  expect(judgeColourCast({ hue: 130, chroma: 0.65, meanLuma: 150 }, neutral).cast).toBe(true); // 98 grey levels
  // Bright areas that could not be measured (all clipped) are no evidence of neutral light.
  expect(judgeColourCast({ hue: 130, chroma: 0.5, meanLuma: 150 }, () => null).cast).toBe(true);
});
