/**
 * COLOR_CAST judges skin and neutral areas together (photo-standard.md §2): a skin chroma over the limit, or a skin
 * hue away from the usual skin tones, is a cast only when the bright areas are coloured too. On real photos:
 * Obama's official portrait (bad-flags-bg-teeth, studio light, white shirt) and the same portrait tinted; the
 * warm-lit party photo bad-group; ok-full-body filtered.
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

it.each([
  ['a sepia filter', (src: Buffer) => variants.sepia(src)],
  ['a 10 % green light', (src: Buffer) => variants.tinted(src, [0.9, 1.1, 0.9])],
])('%s on ok-full-body is a cast: its skin hue stays in the skin band, but away from usual skin and with coloured bright areas', async (_name, change) => {
  const report = await engine.check(await change(readFixture('ok-full-body.jpg')));
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

it('a skin of unusual hue in neutral light is no cast; in coloured light it is', () => {
  expect(judgeColourCast({ hue: 152, chroma: 0.3, meanLuma: 150 }, () => ({ chroma: 5 })).cast).toBe(false);
  expect(judgeColourCast({ hue: 152, chroma: 0.3, meanLuma: 150 }, () => ({ chroma: 20 })).cast).toBe(true);
  expect(judgeColourCast({ hue: 104, chroma: 0.3, meanLuma: 150 }, () => ({ chroma: 20 })).cast).toBe(true);
});

it('skin beyond any natural skin is a cast even when the bright areas are neutral', () => {
  const neutral = () => ({ chroma: 5 });
  expect(judgeColourCast({ hue: 130, chroma: 0.5, meanLuma: 150 }, neutral).cast).toBe(false); // 75 grey levels
  expect(judgeColourCast({ hue: 130, chroma: 0.65, meanLuma: 150 }, neutral).cast).toBe(true); // 98 grey levels
  // Bright areas that could not be measured (all clipped) are no evidence of neutral light.
  expect(judgeColourCast({ hue: 130, chroma: 0.5, meanLuma: 150 }, () => null).cast).toBe(true);
});
