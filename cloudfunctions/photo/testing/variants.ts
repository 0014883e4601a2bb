/**
 * Generated test photos, derived from the shared fixtures in the test itself (nothing big is committed).
 * Each helper says what it does to its source.
 */
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';

const jpeg = (s: sharp.Sharp): Promise<Buffer> => s.jpeg({ quality: 92 }).toBuffer();

export const variants = {
  /** Pixels rotated by `deg` (positive = clockwise), corners filled with the background of the first pixel. */
  rotated: async (src: Buffer, deg: number): Promise<Buffer> => {
    const { data } = await sharp(src).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    return jpeg(sharp(src).rotate(deg, { background: { r: data[0]!, g: data[1]!, b: data[2]! } }));
  },
  /** Stored 90° counter-clockwise with EXIF orientation 6, so a viewer shows it upright. */
  sideways: (src: Buffer): Promise<Buffer> => sharp(src).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer(),
  blurred: (src: Buffer, sigma: number): Promise<Buffer> => jpeg(sharp(src).blur(sigma)),
  /** Every channel × factor (+ offset). */
  exposure: (src: Buffer, factor: number, offset = 0): Promise<Buffer> => jpeg(sharp(src).linear(factor, offset)),
  /** Per-channel gains. */
  tinted: (src: Buffer, gains: [number, number, number]): Promise<Buffer> => jpeg(sharp(src).linear(gains, [0, 0, 0])),
  /** Keeps the rectangle (fractions of width and height). */
  cropped: async (src: Buffer, box: { left: number; top: number; right: number; bottom: number }): Promise<Buffer> => {
    const m = await sharp(src).metadata();
    const w = m.width!;
    const h = m.height!;
    const left = Math.round(box.left * w);
    const top = Math.round(box.top * h);
    return jpeg(sharp(src).extract({ left, top, width: Math.round(box.right * w) - left, height: Math.round(box.bottom * h) - top }));
  },
  /** Plain bars added around the picture (fractions of its width and height): a gallery screenshot's black bars, a scanned print's border. */
  framed: (src: Buffer, bars: { top?: number; bottom?: number; left?: number; right?: number }, colour: string): Promise<Buffer> =>
    sharp(src)
      .metadata()
      .then(({ width, height }) =>
        jpeg(
          sharp(src).extend({
            top: Math.round((bars.top ?? 0) * height!),
            bottom: Math.round((bars.bottom ?? 0) * height!),
            left: Math.round((bars.left ?? 0) * width!),
            right: Math.round((bars.right ?? 0) * width!),
            background: colour,
          }),
        ),
      ),
  downscaled: async (src: Buffer, factor: number): Promise<Buffer> => {
    const m = await sharp(src).metadata();
    return jpeg(sharp(src).resize(Math.round(m.width! * factor)));
  },
  /** The image's left `share` multiplied by `factor` (a shadow down one side of the face). */
  halfShadow: async (src: Buffer, fromX: number, factor: number): Promise<Buffer> => {
    const { data, info } = await sharp(src).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < Math.round(fromX * info.width); x++) {
        for (let c = 0; c < 3; c++) data[(y * info.width + x) * 3 + c] = Math.round(data[(y * info.width + x) * 3 + c]! * factor);
      }
    }
    return jpeg(sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }));
  },
  cmykJpeg: (src: Buffer): Promise<Buffer> => sharp(src).toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(),
  progressiveJpeg: (src: Buffer): Promise<Buffer> => sharp(src).jpeg({ quality: 92, progressive: true }).toBuffer(),
  png16: (src: Buffer): Promise<Buffer> => sharp(src).toColourspace('rgb16').png().toBuffer(),
  greyPng: (src: Buffer): Promise<Buffer> => sharp(src).greyscale().png().toBuffer(),
  alphaPng: (src: Buffer): Promise<Buffer> => sharp(src).ensureAlpha(0.9).png().toBuffer(),
  webp: (src: Buffer): Promise<Buffer> => sharp(src).webp({ quality: 90 }).toBuffer(),
  truncated: (src: Buffer, share: number): Buffer => src.subarray(0, Math.round(src.length * share)),
  /** Every byte shifted by a pseudo-random amount in [−amplitude, amplitude] (a phone sensor's noise in dim light); the same every run. */
  noisy: async (src: Buffer, amplitude: number): Promise<Buffer> => {
    const { data, info } = await sharp(src).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let seed = 1;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      data[i] = Math.max(0, Math.min(255, data[i]! + ((seed >> 16) % (2 * amplitude + 1)) - amplitude));
    }
    return jpeg(sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }));
  },
  /** Toned sepia (the classic recombination matrix), as an "old photo" filter does. */
  sepia: (src: Buffer): Promise<Buffer> =>
    jpeg(
      sharp(src).recomb([
        [0.393, 0.769, 0.189],
        [0.349, 0.686, 0.168],
        [0.272, 0.534, 0.131],
      ]),
    ),
  /** Mirrored left to right, as many front cameras save a selfie. */
  mirrored: (src: Buffer): Promise<Buffer> => jpeg(sharp(src).flop()),
  /** Sharpened as phone cameras and beauty apps do by default (libvips' default unsharp mask). */
  sharpened: (src: Buffer): Promise<Buffer> => jpeg(sharp(src).sharpen()),
  /** Tone curve brightened (gamma 2.2 in, 1.8 out), as an auto-enhance does. */
  lifted: (src: Buffer): Promise<Buffer> => jpeg(sharp(src).gamma(2.2, 1.8)),
  /** Saved again as a JPEG of `quality` (a low one leaves 8×8 blocking, as photos passed around chat apps have). */
  recompressed: (src: Buffer, quality: number): Promise<Buffer> => sharp(src).jpeg({ quality }).toBuffer(),
  /** Saved with EXIF Software set to `software`, as an app that wrote the file sets it. */
  softwareTagged: (src: Buffer, software: string): Promise<Buffer> => sharp(src).withExif({ IFD0: { Software: software } }).jpeg({ quality: 92 }).toBuffer(),
  /** Saved with an XMP packet whose xmp:CreatorTool is `tool` (how Adobe's and many phone apps record themselves). */
  creatorToolTagged: (src: Buffer, tool: string): Promise<Buffer> =>
    sharp(src)
      .withXmp(
        `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="${tool}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
      )
      .jpeg({ quality: 92 })
      .toBuffer(),
};

function pngChunk(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** A tiny PNG whose header claims width × height pixels (a decompression bomb's header). */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
