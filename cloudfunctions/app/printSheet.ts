import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import type { PrintFont } from './printFont';

const MM = 72 / 25.4;
/** A4, 5 × 5 photos of 30 × 40 mm (the standard photo's 3:4) with a two-line caption under each. */
const PAGE = { width: 210 * MM, height: 297 * MM };
const GRID = { columns: 5, rows: 5, photoWidth: 30 * MM, photoHeight: 40 * MM, gapX: 6 * MM, captionHeight: 9 * MM, gapY: 3 * MM };
export const PHOTOS_PER_PAGE = GRID.columns * GRID.rows;
const MARGIN_X = (PAGE.width - GRID.columns * GRID.photoWidth - (GRID.columns - 1) * GRID.gapX) / 2;
const MARGIN_TOP = 18 * MM;
/** Generated PDF bytes allowed to wait for the ZIP before adding more pages. */
const HIGH_WATER = 1024 * 1024;

export interface Caption {
  /** The number the print shop and the school match the paper photo by (Latin digits). */
  number: string;
  /** Name and class (Chinese); left out when no Chinese font is available. */
  detail: string;
}

/**
 * print-sheet.pdf: the standard photos at print size, each with its caption, written page by page as
 * the ZIP consumes it (pdfkit flushes every finished page and embeds each photo once), so a large
 * batch never sits whole in memory.
 */
export class PrintSheet {
  readonly stream: Readable;
  private readonly doc: PDFKit.PDFDocument;
  private readonly cjk: boolean;
  private count = 0;

  constructor(
    private readonly title: string,
    font: PrintFont | null,
  ) {
    this.doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: title, Creator: 'GradPhoto 毕业生图像采集' } });
    this.cjk = font !== null;
    if (font) this.doc.registerFont('cjk', font.path, font.family);
    this.stream = this.doc;
  }

  async add(jpeg: Buffer, caption: Caption): Promise<void> {
    const slot = this.count % PHOTOS_PER_PAGE;
    if (slot === 0) this.newPage();
    const x = MARGIN_X + (slot % GRID.columns) * (GRID.photoWidth + GRID.gapX);
    const y = MARGIN_TOP + Math.floor(slot / GRID.columns) * (GRID.photoHeight + GRID.captionHeight + GRID.gapY);
    const doc = this.doc;
    doc.image(jpeg, x, y, { width: GRID.photoWidth, height: GRID.photoHeight });
    const text = { width: GRID.photoWidth, align: 'center' as const, lineBreak: false, height: 4 * MM, ellipsis: true };
    doc.font('Helvetica').fontSize(7).text(caption.number, x, y + GRID.photoHeight + 1 * MM, text);
    if (this.cjk && caption.detail) doc.font('cjk').fontSize(6.5).text(caption.detail, x, y + GRID.photoHeight + 4.5 * MM, text);
    this.count++;
    while (doc.readableLength > HIGH_WATER) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  end(): void {
    if (this.count === 0) this.newPage();
    this.doc.end();
  }

  private newPage(): void {
    const doc = this.doc.addPage();
    const page = Math.floor(this.count / PHOTOS_PER_PAGE) + 1;
    const header = `${this.title}  第${page}页`;
    if (this.cjk) doc.font('cjk').fontSize(9).text(header, MARGIN_X, 8 * MM, { lineBreak: false });
    else doc.font('Helvetica').fontSize(9).text(`${page}`, MARGIN_X, 8 * MM, { lineBreak: false });
  }
}
