import type { AlphaImage } from '../image';
import { initTf, loadGraphModel } from '../models';
import { estimateBackground, type BackgroundModel } from './background';
import { DEFAULT_FIXTURES_DIR, readCase, type MattingCase } from './bench/fixtures';
import { assessMatte, MATTE_PROBLEMS, matteQualitySchema } from './quality';
import { SEGMENTATION_MODEL, segmentPerson } from './segment';

// A real portrait with its exact alpha; the failure modes are made from that alpha.
let portrait: MattingCase;
let backdrop: BackgroundModel;

beforeAll(async () => {
  portrait = await readCase(DEFAULT_FIXTURES_DIR, 'p_bac3c1ff-grey');
  await initTf();
  const prob = await segmentPerson(await loadGraphModel(SEGMENTATION_MODEL), portrait.image);
  const { data, width, height } = portrait.image;
  backdrop = estimateBackground(data, width, height, prob);
});

const withAlpha = (edit: (data: Uint8Array, width: number, height: number) => void): AlphaImage => {
  const { width, height } = portrait.truth;
  const data = portrait.truth.data.slice();
  edit(data, width, height);
  return { data, width, height };
};

/** The bounding box of the person in the true alpha. */
const personBox = (): { x0: number; y0: number; x1: number; y1: number } => {
  const { data, width, height } = portrait.truth;
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! < 128) continue;
      // Plain comparisons: `Math` in a per-pixel loop is slow inside jest's vm context.
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  }
  return { x0, y0, x1, y1 };
};

describe('assessMatte: the engine checks its own matte', () => {
  it('accepts the exact matte of a real portrait', () => {
    const q = assessMatte(portrait.image, portrait.truth, backdrop);
    expect(matteQualitySchema.parse(q)).toEqual(q);
    expect(q).toMatchObject({ ok: true, problems: [] });
    expect(q.personShare).toBeGreaterThan(0.15);
    expect(q.holeShare).toBe(0);
    expect(q.residueShare).toBeLessThan(0.01);
  });

  it('refuses an all-background matte (the photo would come out all blue)', () => {
    const q = assessMatte(portrait.image, withAlpha((d) => d.fill(0)), backdrop);
    expect(q.ok).toBe(false);
    expect(q.problems).toContain('MATTE_EMPTY');
    expect(q.personShare).toBe(0);
  });

  it('refuses a matte with nothing separated (no background left to replace)', () => {
    const q = assessMatte(portrait.image, withAlpha((d) => d.fill(255)), backdrop);
    expect(q.problems).toContain('MATTE_FULL');
  });

  it('refuses a patchy matte: holes punched through the person', () => {
    const { x0, y0, x1, y1 } = personBox();
    const alpha = withAlpha((d, width) => {
      // A grid of 40×40 holes over the torso.
      for (let y = y0 + Math.round((y1 - y0) * 0.45); y < y1 - 60; y += 120) {
        for (let x = x0 + 60; x < x1 - 60; x += 120) {
          for (let dy = 0; dy < 40; dy++) for (let dx = 0; dx < 40; dx++) d[(y + dy) * width + x + dx] = 0;
        }
      }
    });
    const q = assessMatte(portrait.image, alpha, backdrop);
    expect(q.problems).toContain('MATTE_PATCHY');
    expect(q.holeShare).toBeGreaterThan(0.03);
  });

  it('refuses a matte that kept a patch of the old background', () => {
    const { y0 } = personBox();
    const { data, width } = portrait.truth;
    // The backdrop left of the head, taken as person and joined to it: from the top of the head, go
    // down 150 px and left to the head's edge.
    let crown = 0;
    while (data[y0 * width + crown]! < 128) crown++;
    const row = (y0 + 150) * width;
    let headLeft = crown;
    while (headLeft > 0 && data[row + headLeft - 1]! >= 128) headLeft--;
    const alpha = withAlpha((d) => {
      for (let y = y0; y < y0 + 300; y++) for (let x = Math.max(0, headLeft - 250); x < headLeft + 20; x++) d[y * width + x] = 255;
    });
    const q = assessMatte(portrait.image, alpha, backdrop);
    expect(q.problems).toContain('MATTE_RESIDUE');
    expect(q.residueShare).toBeGreaterThan(0.03);
  });

  it('refuses an exact outline whose edge keeps the old backdrop colour, and reports that fringe among its figures', () => {
    // The outline itself is right (no residue patch): only the colour along it fails, so the figure must say so.
    const clean = assessMatte(portrait.image, portrait.truth, backdrop, 1.2);
    expect(clean).toMatchObject({ ok: true, fringe: 1.2 });
    const fringed = assessMatte(portrait.image, portrait.truth, backdrop, 3.1);
    expect(fringed).toMatchObject({ ok: false, problems: ['MATTE_RESIDUE'], fringe: 3.1 });
    expect(fringed.residueShare).toBeLessThan(0.01);
  });

  it('explains every problem in Chinese', () => {
    for (const message of Object.values(MATTE_PROBLEMS)) expect(message).toMatch(/[\u4e00-\u9fff]/);
  });
});
