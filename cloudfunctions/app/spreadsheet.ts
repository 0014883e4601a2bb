import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../contracts/errors';

/** The two kinds of table a school hands in (flows.md: CSV or Excel). */
export const SPREADSHEET_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type SpreadsheetType = (typeof SPREADSHEET_TYPES)[keyof typeof SPREADSHEET_TYPES];

/** One row of a table: its number as the school sees it in Excel or a text editor, and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}
export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

const ZIP_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');

/** What a file is by its content: an .xlsx is a ZIP; a CSV is text without NUL bytes. Null otherwise. */
export function sniffSpreadsheet(data: Buffer): SpreadsheetType | null {
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) return SPREADSHEET_TYPES.xlsx;
  const head = data.subarray(0, 64 * 1024);
  if (data.length > 0 && !head.includes(0)) return SPREADSHEET_TYPES.csv;
  return null;
}

/** UTF-8 (with or without BOM) or, as Excel on Chinese Windows saves CSV, GB18030. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function readCsv(data: Buffer): Sheet {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it ended in the file (csv-parse's types miss this overload).
    records = parse(decodeText(data), { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    throw new AppError('INVALID_INPUT', `CSV 文件格式有误：${error instanceof Error ? error.message : String(error)}`);
  }
  const [first, ...rest] = records;
  return { header: first?.record ?? [], rows: rest.map(({ record, info }) => ({ row: info.lines, cells: record })) };
}

async function readXlsx(data: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('INVALID_INPUT', 'Excel 文件无法读取，请另存为 .xlsx 格式后重试');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new AppError('INVALID_INPUT', 'Excel 文件中没有工作表');
  let header: string[] = [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(row.getCell(column).text.trim());
    if (header.length === 0) header = cells;
    else rows.push({ row: rowNumber, cells });
  });
  return { header, rows };
}

/** The first sheet of a CSV or .xlsx file: its header row and its data rows, every cell as trimmed text. */
export async function readSpreadsheet(data: Buffer, type: string): Promise<Sheet> {
  if (type === SPREADSHEET_TYPES.xlsx) return readXlsx(data);
  if (type === SPREADSHEET_TYPES.csv) return readCsv(data);
  throw new AppError('FILE_UNSUPPORTED', '请上传 CSV 或 Excel（.xlsx）格式的名单');
}
