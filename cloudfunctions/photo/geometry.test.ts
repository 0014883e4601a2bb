/** The geometry solver prefers the targets, stays inside every band, and fails only when no geometry exists. */
import type { Framing } from './framing';
import { solveGeometry, type GeometryInput } from './geometry';
import { LIMITS } from './limits';

const o = LIMITS.output;

/**
 * A region 1000 × 1400 px, the face 300 px wide with the eyes at (500, 500) and the hair 0.71 face widths above
 * them (the proportion the targets assume: 170 px at a 240 px face).
 */
function input(over: Omit<Partial<GeometryInput>, 'framing'> & { framing?: Partial<Framing> } = {}): GeometryInput {
  const framing: Framing = {
    headTopV: (over.eyeV ?? 500) - 0.71 * (over.faceW ?? 300),
    touches: { top: false, bottom: true, left: false, right: false },
    valid: { left: 0, right: 1000, top: 0, bottom: 1400 },
    ...over.framing,
  };
  return { eyeV: 500, midU: 500, faceW: 300, regionPerSource: 1, sizeFactor: 1, ...over, framing };
}

function inside(g: { eyeLineY: number; faceWidthPx: number; headTopY: number; centerX: number }, f = 1): void {
  expect(g.eyeLineY).toBeGreaterThanOrEqual(o.eyeLineY.min * f);
  expect(g.eyeLineY).toBeLessThanOrEqual(o.eyeLineY.max * f);
  expect(g.faceWidthPx).toBeGreaterThanOrEqual(o.faceWidth.min * f);
  expect(g.faceWidthPx).toBeLessThanOrEqual(o.faceWidth.max * f);
  expect(g.headTopY).toBeGreaterThanOrEqual(o.headTopY.min * f);
  expect(g.headTopY).toBeLessThanOrEqual(o.headTopY.max * f);
  expect(Math.abs(g.centerX - o.centerX.target * f)).toBeLessThanOrEqual(o.centerX.tolerance * f);
}

describe('solveGeometry', () => {
  it('hits the targets when the source allows them', () => {
    const r = solveGeometry(input());
    if (!r.ok) throw new Error(r.reason);
    expect(r.geometry.faceWidthPx).toBeCloseTo(240, -1);
    expect(r.geometry.centerX).toBe(240);
    expect(Math.abs(r.geometry.eyeLineY - 250)).toBeLessThanOrEqual(20);
    inside(r.geometry);
    expect(r.geometry.upscale).toBeLessThanOrEqual(1);
  });

  it('pads above a tight crop whose head does not touch the top, and keeps the bottom inside the source', () => {
    const r = solveGeometry(input({ eyeV: 200, framing: { headTopV: 40, valid: { left: 0, right: 1000, top: 0, bottom: 800 } } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.geometry.oy).toBeLessThan(0);
    expect(r.geometry.bottomExtension).toBeLessThanOrEqual(o.maxBottomExtension);
    inside(r.geometry);
  });

  it('fails with FRAMING_INCOMPLETE when the shoulders are missing (source ends just under the chin), and says it is the bottom', () => {
    // A shoulder touching the left edge, as in most photos, is not what stops this one.
    const r = solveGeometry(input({ framing: { touches: { top: false, bottom: true, left: true, right: false }, valid: { left: 0, right: 1000, top: 0, bottom: 800 } } }));
    expect(r).toMatchObject({ ok: false, reason: 'FRAMING_INCOMPLETE', blockedBy: ['bottom'] });
  });

  it('says it is the sides when the person touches both and the head is too tall for any crop between them', () => {
    // Hair piled 1.4 face widths above the eyes: only a face narrower than the sides allow keeps it in the picture (hair is never cut).
    const r = solveGeometry(input({ midU: 330, framing: { headTopV: 500 - 1.4 * 300, touches: { top: false, bottom: true, left: true, right: true }, valid: { left: 0, right: 660, top: 0, bottom: 1400 } } }));
    expect(r).toMatchObject({ ok: false, reason: 'FRAMING_INCOMPLETE', blockedBy: ['left', 'right'] });
  });

  it('fails with RESOLUTION_LOW when the face would need more than 1.25× upscaling', () => {
    const r = solveGeometry(input({ faceW: 120 }));
    expect(r).toMatchObject({ ok: false, reason: 'RESOLUTION_LOW' });
    if (!r.ok) expect(r.upscaleNeeded).toBeGreaterThan(o.maxUpscale);
  });

  it('upscales up to 1.25× and no more', () => {
    const r = solveGeometry(input({ faceW: 160 }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.geometry.upscale).toBeGreaterThan(1);
    expect(r.geometry.upscale).toBeLessThanOrEqual(o.maxUpscale);
  });

  it('does not pad a side the person touches: the crop stays inside the source there', () => {
    const r = solveGeometry(input({ midU: 330, framing: { touches: { top: false, bottom: true, left: true, right: false } } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.geometry.ox).toBeGreaterThanOrEqual(0);
    inside(r.geometry);
  });

  it('puts face width and eye line first: a head top that cannot reach its band is reported, never cut', () => {
    const r = solveGeometry(input({ framing: { headTopV: 40 } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.geometry.headTopOutOfBand).toBe(true);
    expect(r.geometry.headTopY).toBeGreaterThan(0);
    expect(r.geometry.faceWidthPx).toBeGreaterThanOrEqual(o.faceWidth.min);
  });

  it('scales every band for the print size', () => {
    const r = solveGeometry(input({ sizeFactor: 2, faceW: 600, eyeV: 1000, midU: 1000, framing: { headTopV: 1000 - 0.71 * 600, valid: { left: 0, right: 2000, top: 0, bottom: 2800 } } }));
    if (!r.ok) throw new Error(r.reason);
    expect([r.geometry.width, r.geometry.height]).toEqual([960, 1280]);
    inside(r.geometry, 2);
  });
});
