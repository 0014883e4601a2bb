import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findPrintFont } from './printFont';
import { PHOTOS_PER_PAGE, PrintSheet } from './printSheet';
import { inspectPdf } from './testing/pdfInspect';
import { FIXTURE_PHOTOS } from './testing/schoolWorld';

async function sheetOf(count: number, font: ReturnType<typeof findPrintFont>): Promise<Buffer> {
  const jpeg = readFileSync(path.join(FIXTURE_PHOTOS, 'ok-gray-bg.jpg'));
  const sheet = new PrintSheet('中南林业科技大学 2026届', font);
  const chunks: Buffer[] = [];
  sheet.stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => sheet.stream.on('end', resolve));
  for (let i = 0; i < count; i++) await sheet.add(jpeg, { number: `20264301${String(i).padStart(5, '0')}`, detail: '张* 计科2201' });
  sheet.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('the print sheet', () => {
  it('puts 25 photos on an A4 page, each once, with its number under it', async () => {
    const pdf = inspectPdf(await sheetOf(PHOTOS_PER_PAGE + 1, findPrintFont()));
    expect(PHOTOS_PER_PAGE).toBe(25);
    expect(pdf.pages).toBe(2);
    expect(pdf.images).toBe(26);
    expect(pdf.texts).toEqual(expect.arrayContaining(['2026430100000', '2026430100025']));
  });

  it('still prints the numbers when no Chinese font is available (names and classes are left out)', async () => {
    const pdf = inspectPdf(await sheetOf(3, null));
    expect(pdf.pages).toBe(1);
    expect(pdf.fonts).toEqual(['Helvetica']);
    expect(pdf.texts).toEqual(['1', '2026430100000', '2026430100001', '2026430100002']);
  });
});
