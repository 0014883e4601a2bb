/** Raw pixel buffers passed between the engine's stages (and to the matte module). */

/** RGB interleaved, 3 bytes per pixel, row-major. */
export type RgbImage = { data: Uint8Array; width: number; height: number };

/** One byte per pixel, 0..255. */
export type AlphaImage = { data: Uint8Array; width: number; height: number };

export type Rgb = [number, number, number];

export type Box = { x: number; y: number; width: number; height: number };

export type Point = { x: number; y: number };

export function rgbImage(width: number, height: number, fill?: Rgb): RgbImage {
  const data = new Uint8Array(width * height * 3);
  if (fill) {
    for (let i = 0; i < data.length; i += 3) {
      data[i] = fill[0];
      data[i + 1] = fill[1];
      data[i + 2] = fill[2];
    }
  }
  return { data, width, height };
}

export function alphaImage(width: number, height: number): AlphaImage {
  return { data: new Uint8Array(width * height), width, height };
}
