import sharp from 'sharp';
import type { ImageFormat, ImageProbe } from '../../ports/imaging';

const FORMATS: Record<string, ImageFormat> = { jpeg: 'jpeg', png: 'png', webp: 'webp' };

/** Reads only the header: the real format by content (never the name) and the pixel size. */
export const sharpProbe: ImageProbe = {
  async probe(data) {
    try {
      const meta = await sharp(data, { limitInputPixels: false }).metadata();
      const format = meta.format ? FORMATS[meta.format] : undefined;
      if (!format || !meta.width || !meta.height) return null;
      return { format, width: meta.width, height: meta.height };
    } catch {
      return null;
    }
  },
};
