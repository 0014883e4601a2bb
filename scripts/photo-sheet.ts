/**
 * Contact sheet of the photo engine on a folder: one row per photo with the input, the standard photo (or the
 * failing checks), and the standard photo with the standard's bands and the measured lines drawn on it.
 *
 *   npm run photo:sheet -- DIR [OUT.png]      (default OUT: DIR-sheet.png in the working directory)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { createEngine, LIMITS } from '../cloudfunctions/photo';

const ROW_H = 400;
const CELL_W = 300;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function textPanel(lines: string[], width: number, height: number, background = '#f4f4f4'): Buffer {
  const body = lines.map((l, i) => `<text x="10" y="${24 + i * 20}" font-size="14" font-family="sans-serif">${esc(l)}</text>`).join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${body}</svg>`);
}

/** Bands (shaded) and measured lines (solid) over a 480×640 photo, scaled by k. */
function guides(out: { eyeLineY: number; faceWidthPx: number; headTopY: number; centerX: number }, k: number): Buffer {
  const o = LIMITS.output;
  const W = o.width * k;
  const band = (y0: number, y1: number, colour: string): string => `<rect x="0" y="${y0 * k}" width="${W}" height="${(y1 - y0) * k}" fill="${colour}" fill-opacity="0.18"/>`;
  const hline = (y: number, colour: string): string => `<line x1="0" x2="${W}" y1="${y * k}" y2="${y * k}" stroke="${colour}" stroke-width="1.5"/>`;
  const vline = (x: number, colour: string, dash = ''): string => `<line y1="0" y2="${o.height * k}" x1="${x * k}" x2="${x * k}" stroke="${colour}" stroke-width="1.5" ${dash}/>`;
  const half = out.faceWidthPx / 2;
  const label = (y: number, text: string, colour: string): string => `<text x="4" y="${y * k - 3}" font-size="11" font-family="sans-serif" fill="${colour}">${esc(text)}</text>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${o.height * k}">` +
      band(o.headTopY.min, o.headTopY.max, '#ff9800') +
      band(o.eyeLineY.min, o.eyeLineY.max, '#e91e63') +
      hline(out.headTopY, '#ff9800') +
      label(out.headTopY, `头顶 ${out.headTopY}`, '#e65100') +
      hline(out.eyeLineY, '#e91e63') +
      label(out.eyeLineY, `眼 ${out.eyeLineY}`, '#ad1457') +
      vline(o.centerX.target, '#4caf50', 'stroke-dasharray="4 4"') +
      vline(out.centerX, '#2e7d32') +
      vline(out.centerX - half, '#3f51b5') +
      vline(out.centerX + half, '#3f51b5') +
      `<text x="${(out.centerX - half) * k + 3}" y="${o.height * k - 8}" font-size="11" font-family="sans-serif" fill="#1a237e">脸宽 ${out.faceWidthPx}</text>` +
      `</svg>`,
  );
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('用法：npm run photo:sheet -- DIR [OUT.png]');
  const outFile = process.argv[3] ?? `${path.basename(path.resolve(dir))}-sheet.png`;
  const files = fs.readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
  const engine = await createEngine();
  const rows: sharp.OverlayOptions[] = [];
  const k = ROW_H / LIMITS.output.height;
  for (const [i, name] of files.entries()) {
    const input = fs.readFileSync(path.join(dir, name));
    const top = i * ROW_H;
    const { report, output } = await engine.make(input, { fileName: name });
    const source = await sharp(input).rotate().resize(CELL_W, ROW_H, { fit: 'contain', background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer().catch(() => Buffer.from(textPanel([name, '无法读取'], CELL_W, ROW_H)));
    rows.push({ input: source, left: 0, top });
    if (output && report.output) {
      const photo = await sharp(output.jpeg).resize(Math.round(480 * k), ROW_H).png().toBuffer();
      rows.push({ input: photo, left: CELL_W, top });
      const drawn = await sharp(photo).composite([{ input: guides(report.output, k), left: 0, top: 0 }]).png().toBuffer();
      rows.push({ input: drawn, left: CELL_W + Math.round(480 * k), top });
      const r = report.output;
      const notes = [name, `${report.verdict}  ${r.bytes} B  ${r.dpi} dpi`, `眼 ${r.eyeLineY}  脸宽 ${r.faceWidthPx}`, `头顶 ${r.headTopY}  中线 ${r.centerX}`];
      for (const c of report.checks ?? []) if (c.status !== 'pass') notes.push(`${c.status} ${c.code} ${c.value ?? ''}`);
      rows.push({ input: textPanel(notes, 300, ROW_H), left: CELL_W + 2 * Math.round(480 * k), top });
    } else {
      const lines = [name, report.verdict === 'error' ? `错误 ${report.error?.code ?? ''}` : '不通过'];
      for (const c of report.checks ?? []) if (c.status !== 'pass') lines.push(`${c.status} ${c.code} ${c.value ?? ''}`);
      rows.push({ input: textPanel(lines, 2 * Math.round(480 * k) + 300, ROW_H, '#fdecea'), left: CELL_W, top });
    }
  }
  const width = CELL_W + 2 * Math.round(480 * k) + 300;
  await sharp({ create: { width, height: Math.max(1, files.length) * ROW_H, channels: 3, background: '#ffffff' } }).composite(rows).png().toFile(outFile);
  console.log(`photo:sheet: ${files.length} photos → ${outFile}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
