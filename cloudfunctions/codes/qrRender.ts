import QRCode from 'qrcode';
import sharp from 'sharp';
import type { CodePayload } from './payload';

/**
 * Draws a sandbox 采集码 the way 学信网's page shows one (the QR with a caption under it), as the PNG a
 * student gets by long-pressing and saving. The caption is ASCII-only on purpose: server images rarely
 * have CJK fonts, and tofu boxes would look broken. It says plainly that it is a sandbox code.
 */
export interface RenderOptions {
  /** Pixels per QR module (default 8). */
  scale?: number;
}

const CAPTION_HEIGHT = 112;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function captionSvg(width: number, payload: CodePayload): Buffer {
  const lines = [
    { text: `No. ${payload.number}`, size: 26, weight: 'bold', color: '#111' },
    { text: `ID ${payload.idMasked}   ${payload.schoolCode} / ${payload.gradYear}`, size: 20, weight: 'normal', color: '#333' },
    { text: 'GradPhoto SANDBOX code - not issued by CHSI', size: 16, weight: 'normal', color: '#888' },
  ];
  const texts = lines
    .map(
      (line, i) =>
        `<text x="${width / 2}" y="${30 + i * 34}" font-family="DejaVu Sans, sans-serif" font-size="${line.size}" ` +
        `font-weight="${line.weight}" fill="${line.color}" text-anchor="middle">${escapeXml(line.text)}</text>`,
    )
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CAPTION_HEIGHT}">${texts}</svg>`);
}

/** The QR alone as a PNG (quiet zone included). */
export async function renderCodeQr(text: string, options: RenderOptions = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: options.scale ?? 8 });
}

/** The QR with its caption, as a PNG. */
export async function renderCodeImage(text: string, payload: CodePayload, options: RenderOptions = {}): Promise<Buffer> {
  const qr = await renderCodeQr(text, options);
  const { width = 0, height = 0 } = await sharp(qr).metadata();
  return sharp({ create: { width, height: height + CAPTION_HEIGHT, channels: 3, background: '#ffffff' } })
    .composite([
      { input: qr, top: 0, left: 0 },
      { input: captionSvg(width, payload), top: height, left: 0 },
    ])
    .png()
    .toBuffer();
}
