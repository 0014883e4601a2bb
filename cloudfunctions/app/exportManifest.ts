import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** One exported student, as the manifest lists them (what 学信网 and the print shop match photos by). */
export interface ManifestRow {
  file: string;
  codeNumber: string;
  studentNumber?: string | undefined;
  nameMasked: string;
  idMasked: string;
  schoolName: string;
  level: string;
  major: string;
  gradYear: number;
  department?: string | undefined;
  className?: string | undefined;
  reviewedAt?: number | undefined;
}

const COLUMNS: readonly (readonly [keyof ManifestRow, string, number])[] = [
  ['file', '照片文件', 24],
  ['codeNumber', '采集码号', 18],
  ['studentNumber', '学号', 14],
  ['nameMasked', '姓名', 10],
  ['idMasked', '身份证号', 22],
  ['schoolName', '学校', 20],
  ['level', '层次', 8],
  ['major', '专业', 20],
  ['gradYear', '毕业年份', 10],
  ['department', '院系', 16],
  ['className', '班级', 14],
  ['reviewedAt', '审核通过时间', 20],
];

/** Beijing time, as a school reads it: 2026-05-20 14:03. */
function beijingTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function cellText(row: ManifestRow, field: keyof ManifestRow): string {
  const value = row[field];
  if (value === undefined) return '';
  return field === 'reviewedAt' ? beijingTime(value as number) : String(value);
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function csvField(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** manifest.csv: UTF-8 with a BOM, so Excel on Chinese Windows opens it without garbling. */
export function manifestCsv(rows: readonly ManifestRow[]): string {
  const lines = [COLUMNS.map(([, heading]) => heading).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([field]) => csvField(cellText(row, field))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * manifest.xlsx: the same table, numbers kept as text (an 18-digit number would lose digits). Written
 * row by row into `out` with exceljs's streaming writer, so a large batch's sheet never sits in memory.
 */
export async function writeManifestXlsx(rows: readonly ManifestRow[], sheetName: string, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31) || '名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map(([field, header, width]) => ({ header, key: field, width, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(Object.fromEntries(COLUMNS.map(([field]) => [field, cellText(row, field)]))).commit();
  sheet.commit();
  await workbook.commit();
}
