import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader for tests of the print sheet: pages, embedded images and the text drawn
 * in a standard (WinAnsi) font, from the raw objects and the inflated content streams.
 */
export interface PdfSummary {
  pages: number;
  images: number;
  /** Strings drawn with Tj/TJ in hex (pdfkit's way), decoded as Latin-1. */
  texts: string[];
  fonts: string[];
}

export function inspectPdf(pdf: Buffer): PdfSummary {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const dictionary = match[1] ?? '';
    const start = match.index + match[0].length;
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1] ?? -1);
    if (length < 0 || /\/Subtype \/Image/.test(dictionary)) continue;
    const bytes = pdf.subarray(start, start + length);
    const content = (/\/Filter \/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes).toString('latin1');
    for (const text of content.matchAll(/\[<([0-9a-fA-F]+)>[^\]]*\] TJ/g)) texts.push(Buffer.from(text[1] ?? '', 'hex').toString('latin1'));
  }
  return {
    pages: (raw.match(/\/Type \/Page\b(?!s)/g) ?? []).length,
    images: (raw.match(/\/Subtype \/Image/g) ?? []).length,
    texts,
    fonts: [...raw.matchAll(/\/BaseFont \/([^\s/]+)/g)].map((font) => font[1] ?? ''),
  };
}
