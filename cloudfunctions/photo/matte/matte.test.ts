import * as path from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../image';
import { initTf, loadGraphModel } from '../models';
import { alphaError, DEFAULT_FIXTURES_DIR, edgeBand, listCases, readCase, type MattingCase } from './bench/fixtures';
import { backdropFringe, composite, computeMatte, MATTE_LIMITS, refineMatte, type Matte } from './index';
import { SEGMENTATION_MODEL, segmentPerson } from './segment';

/** Three 2 MP portraits through the model and the refinement: generous, the machine is shared. */
const SLOW = 300_000;

type Scored = { c: MattingCase; prob: Float32Array; matte: Matte; base: { overall: number; edge: number }; refined: { overall: number; edge: number } };

const names = listCases(DEFAULT_FIXTURES_DIR);
const scored = new Map<string, Scored>();

beforeAll(async () => {
  await initTf();
  const model = await loadGraphModel(SEGMENTATION_MODEL);
  for (const name of names) {
    const c = await readCase(DEFAULT_FIXTURES_DIR, name);
    const prob = await segmentPerson(model, c.image);
    const bare = new Uint8Array(prob.length);
    for (let i = 0; i < prob.length; i++) bare[i] = prob[i]! * 255 + 0.5;
    const band = edgeBand(c.truth);
    const matte = refineMatte(c.image, prob);
    scored.set(name, { c, prob, matte, base: alphaError(bare, c.truth, band), refined: alphaError(matte.alpha.data, c.truth, band) });
  }
}, SLOW);

/**
 * Among partly transparent pixels (what a halo is made of): the share whose decontaminated foreground
 * colour is still near the old backdrop colour, and the same share for the source pixels themselves.
 */
function backdropTint(matte: Matte, image: RgbImage): { partial: number; foreground: number; source: number } {
  const [br, bg, bb] = matte.sourceBackground;
  const near = (data: Uint8Array, i: number): boolean => Math.hypot(data[i * 3]! - br, data[i * 3 + 1]! - bg, data[i * 3 + 2]! - bb) < 30;
  let partial = 0;
  let foreground = 0;
  let source = 0;
  for (let i = 0; i < matte.alpha.data.length; i++) {
    const a = matte.alpha.data[i]!;
    if (a < 25 || a > 230) continue;
    partial++;
    if (near(matte.foreground.data, i)) foreground++;
    if (near(image.data, i)) source++;
  }
  return { partial, foreground: foreground / partial, source: source / partial };
}

const get = (name: string): Scored => {
  const s = scored.get(name);
  if (!s) throw new Error(`fixture ${name} was not scored`);
  return s;
};

describe('the refined matte on real portraits with exact alpha (shared/fixtures/matting)', () => {
  it('has the three fixtures to measure on', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  it.each(names)('%s: edge-band error well below the bare model upsampled, and lower overall', (name) => {
    const { base, refined } = get(name);
    expect(refined.edge).toBeLessThan(0.7 * base.edge);
    expect(refined.overall).toBeLessThan(base.overall);
  });

  it('halves the bare model’s edge-band error on average', () => {
    const mean = (pick: (s: Scored) => number): number => names.reduce((sum, n) => sum + pick(get(n)), 0) / names.length;
    expect(mean((s) => s.refined.edge)).toBeLessThan(0.5 * mean((s) => s.base.edge));
  });

  it.each(names)('%s: no halo — partly transparent edge pixels do not carry the old backdrop colour', (name) => {
    const { c, matte } = get(name);
    const tint = backdropTint(matte, c.image);
    expect(tint.partial).toBeGreaterThan(1000);
    expect(tint.foreground).toBeLessThan(0.7 * tint.source);
  });

  it('keeps no backdrop tint in flying hair (beige backdrop, dark red hair)', () => {
    const { c, matte } = get('p_bd6af989-beige');
    expect(backdropTint(matte, c.image).foreground).toBeLessThan(0.1);
  });

  it.each(names)('%s: the engine’s own quality check accepts it', (name) => {
    const { quality } = get(name).matte;
    expect(quality.problems).toEqual([]);
    expect(quality.ok).toBe(true);
    expect(quality.personShare).toBeGreaterThan(0.1);
  });
});

describe('composite', () => {
  it('puts αF + (1−α)·background in every pixel', () => {
    const fg: RgbImage = { data: Uint8Array.from([200, 100, 0, 200, 100, 0, 200, 100, 0]), width: 3, height: 1 };
    const alpha = { data: Uint8Array.from([255, 0, 51]), width: 3, height: 1 };
    const out = composite(fg, alpha, [100, 197, 255]);
    expect(Array.from(out.data)).toEqual([200, 100, 0, 100, 197, 255, 120, 178, 204]);
  });

  it('refuses an alpha of another size', () => {
    const fg: RgbImage = { data: new Uint8Array(12), width: 2, height: 2 };
    expect(() => composite(fg, { data: new Uint8Array(2), width: 2, height: 1 }, [255, 255, 255])).toThrow(/does not match/);
  });
});

describe('computeMatte on photos students send', () => {
  const photos = path.resolve(DEFAULT_FIXTURES_DIR, '../photos');
  const decode = async (file: string): Promise<RgbImage> => {
    const { data, info } = await sharp(path.join(photos, file)).rotate().resize(800, 800, { fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height };
  };

  it('replaces a plain grey backdrop cleanly: the corners are pure new colour, the face stays', async () => {
    const image = await decode('ok-gray-bg.jpg');
    const matte = await computeMatte(image);
    expect(matte.quality.ok).toBe(true);
    const { width, height } = image;
    const at = (x: number, y: number): number => matte.alpha.data[y * width + x]!;
    expect([at(2, 2), at(width - 3, 2)]).toEqual([0, 0]);
    expect(at(width >> 1, height >> 1)).toBe(255);
    const g = matte.sourceBackground;
    expect(Math.max(...g) - Math.min(...g)).toBeLessThan(15); // grey
  }, SLOW);

  it('leaves no red fringe along dark hair on a red backdrop; the same matte over the undecontaminated colours is flagged', async () => {
    const image = await decode('ok-red-bg-tight.jpg');
    const matte = await computeMatte(image);
    const blue: [number, number, number] = [100, 197, 255];
    const made = backdropFringe(composite(matte.foreground, matte.alpha, blue), matte.alpha, matte.sourceBackground, blue);
    const raw = backdropFringe(composite(image, matte.alpha, blue), matte.alpha, matte.sourceBackground, blue);
    expect(made).toBeLessThan(MATTE_LIMITS.maxFringe / 2);
    expect(raw).toBeGreaterThan(MATTE_LIMITS.maxFringe);
    expect(matte.quality.problems).toEqual([]);
    // Not over-corrected either: taking the red out must not turn dark hair's edge cyan on white.
    const white = composite(matte.foreground, matte.alpha, [255, 255, 255]).data;
    let cyan = 0;
    let edge = 0;
    // The hair's edge band: partly transparent pixels in the upper third (the navy blazer is below).
    for (let i = 0, top = Math.floor(matte.alpha.data.length / 3); i < top; i++) {
      const a = matte.alpha.data[i]!;
      if (a < 26 || a > 229) continue;
      edge++;
      const [r, g, b] = [white[i * 3]!, white[i * 3 + 1]!, white[i * 3 + 2]!];
      if (g > r + 12 && b > r + 12) cyan++;
    }
    expect(edge).toBeGreaterThan(200);
    expect(cyan).toBeLessThan(20);
  }, SLOW);

  it('falls back to the model on a cluttered street: a sane, person-sized matte, not keyed to pieces', async () => {
    const image = await decode('bad-street-bg.webp');
    await initTf();
    const prob = await segmentPerson(await loadGraphModel(SEGMENTATION_MODEL), image);
    const matte = refineMatte(image, prob);
    let differ = 0;
    for (let i = 0; i < prob.length; i++) {
      const d = matte.alpha.data[i]! / 255 - prob[i]!;
      if (d > 0.5 || d < -0.5) differ++;
    }
    expect(differ / prob.length).toBeLessThan(0.02);
    expect(matte.quality.personShare).toBeGreaterThan(0.2);
    expect(matte.quality.holeShare).toBeLessThan(0.03);
  }, SLOW);
});
