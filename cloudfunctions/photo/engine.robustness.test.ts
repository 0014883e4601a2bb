/**
 * Verdicts survive everyday changes. Good photos stay good: the changes a phone, a hand, an auto-enhance or a chat
 * app makes to an ok- photo do not turn its verdict (the complaint about today's mini-programs is that they reject
 * good photos), and so do a screenshot's bars or a scanned print's border; warnings may appear, failures may not. Bad photos stay bad: a bad- photo mirrored, re-saved or
 * brightened still fails with the code its name names (fixtures: see their SOURCES.md).
 */
import { createEngine, type PhotoEngine, type PhotoReport } from './index';
import { fixtures, namedCodes, readFixture } from './testing/fixtures';
import { variants } from './testing/variants';

jest.setTimeout(240_000);

let engine: PhotoEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const failing = (r: PhotoReport): string[] => (r.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.code);

const CHANGES: Array<[string, (src: Buffer) => Promise<Buffer>]> = [
  ['mirrored (as a front camera saves it)', variants.mirrored],
  ['tilted 4° clockwise', (src) => variants.rotated(src, 4)],
  ['tilted 4° counter-clockwise', (src) => variants.rotated(src, -4)],
  ['enlarged 2×', (src) => variants.downscaled(src, 2)],
  ['brightened by 15 %', (src) => variants.exposure(src, 1.15)],
  ['darkened by 20 %', (src) => variants.exposure(src, 0.8)],
  ['its tone curve is lifted', variants.lifted],
  ['warmed by 5 %', (src) => variants.tinted(src, [1.05, 1, 0.95])],
  ['noisy (sensor noise of ±6 levels)', (src) => variants.noisy(src, 6)],
  ['sharpened', variants.sharpened],
  ['softened (blur σ 1)', (src) => variants.blurred(src, 1)],
  ['re-saved at JPEG quality 60', (src) => variants.recompressed(src, 60)],
  ['saved as a progressive JPEG', variants.progressiveJpeg],
  ['saved as CMYK JPEG', variants.cmykJpeg],
  ['saved as a 16-bit PNG', variants.png16],
  ['saved as a PNG with alpha', variants.alphaPng],
  ['saved as WebP', variants.webp],
  ['screenshotted in a phone gallery (black bars above and below)', (src) => variants.framed(src, { top: 0.25, bottom: 0.25 }, '#000')],
  ['scanned from a print (a white border all round)', (src) => variants.framed(src, { top: 0.05, bottom: 0.05, left: 0.07, right: 0.07 }, '#fff')],
];

describe.each(fixtures('ok-'))('%s', (name) => {
  it.each(CHANGES)('still passes when %s', async (_change, change) => {
    const report = await engine.check(await change(readFixture(name)));
    expect(failing(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
  });
});

it('a black-and-white copy of a good photo is refused, and told to upload a colour photo', async () => {
  const report = await engine.check(await variants.greyPng(readFixture('ok-gray-bg.jpg')));
  expect(failing(report)).toEqual(['COLOR_CAST']);
  expect(report.checks!.find((c) => c.code === 'COLOR_CAST')!.message).toContain('彩色照片');
});

const BAD_CHANGES: Array<[string, (src: Buffer) => Promise<Buffer>]> = [
  ['mirrored', variants.mirrored],
  ['brightened by 10 %', (src) => variants.exposure(src, 1.1)],
  ['re-saved at JPEG quality 75', (src) => variants.recompressed(src, 75)],
  ['saved as WebP', variants.webp],
  ['screenshotted (black bars above and below)', (src) => variants.framed(src, { top: 0.25, bottom: 0.25 }, '#000')],
];

describe.each(fixtures('bad-').filter((name) => !namedCodes(name).includes('FILE_UNSUPPORTED')))('%s', (name) => {
  it.each(BAD_CHANGES)('still fails with its code when %s', async (_change, change) => {
    const report = await engine.check(await change(readFixture(name)));
    expect(report.verdict).toBe('fail');
    for (const code of namedCodes(name)) expect(failing(report)).toContain(code);
  });
});
