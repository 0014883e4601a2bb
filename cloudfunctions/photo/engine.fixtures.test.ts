/**
 * The engine on the shared real photos: every ok- photo passes and its standard photo is inside every band
 * and passes its own check; every bad- photo fails with the code its name names.
 */
import sharp from 'sharp';
import { createEngine, LIMITS, reportSchema, type PhotoEngine } from './index';
import { fixtures, namedCodes, readFixture } from './testing/fixtures';

// Each photo is analysed two or three times; on a busy shared machine that takes a while.
jest.setTimeout(240_000);

let engine: PhotoEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const o = LIMITS.output;

type Made = Awaited<ReturnType<PhotoEngine['make']>>;

/** make passed the photo and wrote a standard photo inside every band that passes its own check. */
async function expectStandardPhoto(made: Made): Promise<void> {
  // make's report is the check's report plus the output's measurements.
  const report = reportSchema.parse(made.report);
  expect(report.checks?.filter((c) => c.status === 'fail')).toEqual([]);
  expect(report.verdict).toBe('pass');
  expect(report.phash).toMatch(/^[0-9a-f]{16}$/);
  const out = made.report.output;
  expect(made.output).toBeDefined();
  expect(out).toBeDefined();
  if (!out || !made.output) return;
  expect([out.width, out.height, out.dpi]).toEqual([480, 640, 300]);
  expect(out.eyeLineY).toBeGreaterThanOrEqual(o.eyeLineY.min);
  expect(out.eyeLineY).toBeLessThanOrEqual(o.eyeLineY.max);
  expect(out.faceWidthPx).toBeGreaterThanOrEqual(o.faceWidth.min);
  expect(out.faceWidthPx).toBeLessThanOrEqual(o.faceWidth.max);
  expect(out.headTopY).toBeGreaterThanOrEqual(o.headTopY.min);
  expect(out.headTopY).toBeLessThanOrEqual(o.headTopY.max);
  expect(Math.abs(out.centerX - o.centerX.target)).toBeLessThanOrEqual(o.centerX.tolerance);
  expect(out.bytes).toBeGreaterThanOrEqual(o.fileSizeKB.min * 1024);
  expect(out.bytes).toBeLessThanOrEqual(o.fileSizeKB.max * 1024);
  out.background.forEach((c, i) => expect(Math.abs(c - [100, 197, 255][i]!)).toBeLessThanOrEqual(3));

  const meta = await sharp(made.output.jpeg).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', isProgressive: false, space: 'srgb', channels: 3, density: 300 });
  expect(meta.exif).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.xmp).toBeUndefined();

  const again = await engine.check(made.output.jpeg);
  expect(again.checks?.filter((c) => c.status === 'fail')).toEqual([]);
}

/** The share of pixels whose alpha differs by more than an eighth between two mattes of the same photo. */
async function alphaDifference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  expect(x.length).toBe(y.length);
  let differing = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i]! - y[i]!) > 32) differing++;
  return differing / x.length;
}

describe.each(fixtures('ok-'))('%s', (name) => {
  it('passes the check, and make writes a standard photo inside every band that passes its own check', async () => {
    await expectStandardPhoto(await engine.make(readFixture(name), { fileName: name }));
  });

  it('with the alternate matte (「重新制作」) make also writes a standard photo, from a measurably different matte', async () => {
    const input = readFixture(name);
    await expectStandardPhoto(await engine.make(input, { fileName: name, matte: 'alternate' }));
    const standard = await engine.matte(input);
    const alternate = await engine.matte(input, { matte: 'alternate' });
    // Both are refined against the same backdrop, so they agree on most of the picture; they differ along the outline.
    expect(await alphaDifference(standard.png, alternate.png)).toBeGreaterThan(0.001);
  });
});

it('the default matte is the standard one', async () => {
  const input = readFixture(fixtures('ok-')[0]!);
  const byDefault = await engine.make(input);
  const standard = await engine.make(input, { matte: 'standard' });
  expect(byDefault.output?.jpeg.equals(standard.output?.jpeg ?? Buffer.alloc(0))).toBe(true);
});

describe.each(fixtures('bad-'))('%s', (name) => {
  it('fails with the code its name names', async () => {
    const made = await engine.make(readFixture(name), { fileName: name });
    const report = reportSchema.parse(made.report);
    expect(report.verdict).not.toBe('pass');
    expect(made.output).toBeUndefined();
    for (const code of namedCodes(name)) {
      if (code === 'FILE_UNSUPPORTED' || code === 'FILE_TOO_LARGE') {
        expect(report.error?.code).toBe(code);
      } else {
        expect(report.checks?.find((c) => c.code === code)?.status).toBe('fail');
      }
    }
  });
});

// CLOTHING_BLENDS depends on the background asked for: ok-full-body's shirt is near white.
it('ok-full-body on white or grey is refused for clothing that blends into the background; on blue it is made', async () => {
  const input = readFixture('ok-full-body.jpg');
  for (const background of ['white', 'grey'] as const) {
    const { report, output } = await engine.make(input, { background });
    const blends = report.checks?.find((c) => c.code === 'CLOTHING_BLENDS');
    expect(blends?.status).toBe('fail');
    expect(blends?.value).toBeGreaterThan(LIMITS.background.maxBlendingShare);
    expect(blends?.message).toContain('衣服');
    expect(output).toBeUndefined();
  }
  const blue = await engine.make(input);
  expect(blue.report.checks?.find((c) => c.code === 'CLOTHING_BLENDS')).toMatchObject({ status: 'pass', value: 0 });
  expect(blue.output).toBeDefined();
});
