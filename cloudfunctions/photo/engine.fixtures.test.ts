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

describe.each(fixtures('ok-'))('%s', (name) => {
  it('passes the check, and make writes a standard photo inside every band that passes its own check', async () => {
    const made = await engine.make(readFixture(name), { fileName: name });
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
  });
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
