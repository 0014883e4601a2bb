import sharp from 'sharp';

const ICC_PROFILE = Buffer.from('ICC_PROFILE\0', 'latin1');

/** Markers kept before the image data: JFIF (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour transform (APP14). */
function keepSegment(marker: number, body: Buffer): boolean {
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return body.subarray(0, ICC_PROFILE.length).equals(ICC_PROFILE);
  // Any other APPn (EXIF, XMP, IPTC, maker notes …) and comments go; tables and frame headers stay.
  return !(marker >= 0xe0 && marker <= 0xef) && marker !== 0xfe;
}

/** The restart markers (RST0–7), which may sit inside a scan's entropy-coded data. */
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;
/** Markers that stand alone, without a length: TEM and the restart markers. */
const standsAlone = (marker: number) => marker === 0x01 || isRestart(marker);

/** Where the entropy-coded data starting at `at` ends: the next marker that is neither stuffing (FF00) nor a restart. */
function endOfScanData(input: Buffer, at: number): number {
  for (let i = at; i + 1 < input.length; i++) {
    if (input[i] !== 0xff) continue;
    const next = input[i + 1]!;
    if (next !== 0x00 && next !== 0xff && !isRestart(next)) return i;
  }
  return -1;
}

/**
 * A JPEG without its metadata segments, the compressed image data copied byte for byte: the pixels stay
 * exactly those of the upload, so the engine makes the same standard photo from the stored copy as from
 * the upload (「重新制作」 can go back to the first result). Segments are walked to the main image's end
 * (EOI), also between the scans of a progressive JPEG; whatever a phone appends after it (MPF second
 * images, depth maps, each with EXIF of its own) is dropped. Null when the structure is not as expected.
 */
export function jpegWithoutMetadata(input: Buffer): Buffer | null {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) return null;
  const parts: Buffer[] = [input.subarray(0, 2)];
  let at = 2;
  let scanned = false;
  while (at + 2 <= input.length) {
    if (input[at] !== 0xff) return null;
    const marker = input[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return scanned ? Buffer.concat([...parts, input.subarray(at, at + 2)]) : null;
    if (standsAlone(marker)) {
      parts.push(input.subarray(at, at + 2));
      at += 2;
      continue;
    }
    if (at + 4 > input.length) return null;
    const end = at + 2 + input.readUInt16BE(at + 2);
    if (end > input.length) return null;
    if (keepSegment(marker, input.subarray(at + 4, end))) parts.push(input.subarray(at, end));
    at = end;
    if (marker === 0xda) {
      // Start of scan: its entropy-coded data runs to the next real marker.
      const dataEnd = endOfScanData(input, at);
      if (dataEnd < 0) return null;
      parts.push(input.subarray(at, dataEnd));
      at = dataEnd;
      scanned = true;
    }
  }
  return null;
}

/**
 * A copy of an upload without metadata (EXIF with GPS and camera serial, XMP, IPTC, comments), upright.
 * An upright JPEG keeps its compressed data untouched; one that needs turning, PNG and WebP are re-encoded
 * (sharp writes no metadata unless asked), in the same format.
 */
export async function stripMetadata(input: Buffer): Promise<{ data: Buffer; contentType: string }> {
  const { format, orientation } = await sharp(input).metadata();
  if (format === 'jpeg' && (orientation ?? 1) === 1) {
    const data = jpegWithoutMetadata(input);
    if (data) return { data, contentType: 'image/jpeg' };
  }
  const upright = sharp(input).rotate();
  if (format === 'png') return { data: await upright.png().toBuffer(), contentType: 'image/png' };
  if (format === 'webp') return { data: await upright.webp({ quality: 95 }).toBuffer(), contentType: 'image/webp' };
  return { data: await upright.jpeg({ quality: 95 }).toBuffer(), contentType: 'image/jpeg' };
}
