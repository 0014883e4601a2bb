/** Compose stage: the solved crop of the matte's foreground and alpha, on the new background colour. */
import type { Geometry } from './geometry';
import type { Rgb, RgbImage } from './image';
import { composite, type Matte } from './matte';
import { warpAlpha, warpRgb, type Affine } from './pixels';

export function compose(matte: Matte, g: Geometry, background: Rgb): RgbImage {
  const toRegion: Affine = { a: 1 / g.s, b: 0, c: g.ox, d: 0, e: 1 / g.s, f: g.oy };
  const fg = warpRgb(matte.foreground, toRegion, g.width, g.height).image;
  const alpha = warpAlpha(matte.alpha, toRegion, g.width, g.height);
  return composite(fg, alpha, background);
}
