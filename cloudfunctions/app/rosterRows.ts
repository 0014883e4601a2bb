import { chineseIdProblem } from '../codes/chineseId';
import { maskIdNumber, maskName } from '../codes/masking';
import type { RosterError } from '../contracts/school';
import { AppError } from '../contracts/errors';
import type { IdNumberHasher } from '../ports/idNumberHasher';
import type { Sheet } from './spreadsheet';

/** The roster's columns (flows.md "Import the roster") and the headings schools give them. */
const COLUMNS = {
  codeNumber: ['采集码号', '采集码', '采集码编号', '图像采集码'],
  studentNumber: ['学号'],
  name: ['姓名'],
  idNumber: ['身份证号', '身份证号码', '身份证', '证件号码'],
  department: ['院系', '学院', '系别', '所在院系'],
  major: ['专业', '专业名称'],
  className: ['班级'],
  level: ['层次', '学历层次', '培养层次'],
  gradDate: ['毕业日期', '毕业时间'],
} as const;
type Column = keyof typeof COLUMNS;

/** A valid roster row, with the ID number in full: it lives only as long as the import. */
export interface RosterRow {
  row: number;
  codeNumber?: string;
  studentNumber?: string;
  name: string;
  nameMasked: string;
  idNumber: string;
  idMasked: string;
  idHash: string;
  department?: string;
  major?: string;
  className?: string;
  level?: string;
  gradDate?: string;
}

const normaliseHeading = (heading: string) => heading.replace(/[\s*（）()：:]/g, '');

/** Which cell holds which column; throws when a required column is absent. */
export function locateColumns(header: readonly string[]): Partial<Record<Column, number>> {
  const found: Partial<Record<Column, number>> = {};
  header.forEach((heading, index) => {
    const name = normaliseHeading(heading);
    for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (found[column] === undefined && names.includes(name)) found[column] = index;
    }
  });
  const missing = [
    found.name === undefined ? '姓名' : null,
    found.idNumber === undefined ? '身份证号' : null,
    found.codeNumber === undefined && found.studentNumber === undefined ? '采集码号或学号' : null,
  ].filter((name): name is string => name !== null);
  if (missing.length) throw new AppError('INVALID_INPUT', `名单缺少必需的列：${missing.join('、')}（第1行应为表头）`);
  return found;
}

/** Excel turns a long number typed into a cell into 4.30104E+17 or rounds its last digits. */
const EXCEL_NUMBER_HINT = '（Excel 中请将身份证号列设为“文本”格式后重新输入）';

function idNumberProblem(raw: string): string | null {
  const problem = chineseIdProblem(raw);
  if (!problem) return null;
  return /^\d+(\.\d+)?E\+\d+$/i.test(raw) || /^\d{15,18}$/.test(raw) ? `${problem}${EXCEL_NUMBER_HINT}` : problem;
}

/**
 * Validates every row: required fields, a real 18-digit ID number (its check digit), and no student
 * twice in the file (by ID number, 采集码号 or 学号). Returns the valid rows and one error line per
 * invalid row, numbered as in the file.
 */
export function validateRosterRows(sheet: Sheet, hasher: IdNumberHasher): { rows: RosterRow[]; errors: RosterError[] } {
  const columns = locateColumns(sheet.header);
  const cell = (cells: readonly string[], column: Column) => {
    const index = columns[column];
    const value = index === undefined ? '' : (cells[index] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const seen = { idHash: new Map<string, number>(), codeNumber: new Map<string, number>(), studentNumber: new Map<string, number>() };
  const rows: RosterRow[] = [];
  const errors: RosterError[] = [];
  for (const { row, cells } of sheet.rows) {
    if (cells.every((value) => value.trim() === '')) continue;
    const problems: string[] = [];
    const name = cell(cells, 'name');
    const rawId = cell(cells, 'idNumber')?.replace(/\s/g, '');
    const codeNumber = cell(cells, 'codeNumber');
    const studentNumber = cell(cells, 'studentNumber');
    if (!name) problems.push('缺少姓名');
    else if (Array.from(name).length < 2) problems.push('姓名至少需要两个字');
    if (!rawId) problems.push('缺少身份证号');
    const idProblem = rawId ? idNumberProblem(rawId) : null;
    if (idProblem) problems.push(idProblem);
    if (!codeNumber && !studentNumber) problems.push('缺少采集码号或学号');
    const idNumber = rawId && !idProblem ? rawId.toUpperCase() : undefined;
    const idHash = idNumber ? hasher.hash(idNumber) : undefined;
    const duplicates: [keyof typeof seen, string | undefined, string][] = [
      ['idHash', idHash, '身份证号'],
      ['codeNumber', codeNumber, '采集码号'],
      ['studentNumber', studentNumber, '学号'],
    ];
    for (const [key, value, label] of duplicates) {
      const first = value === undefined ? undefined : seen[key].get(value);
      if (first !== undefined) problems.push(`${label}与第${first}行重复`);
    }
    if (problems.length || !name || !idNumber || !idHash) {
      errors.push({ row, message: problems.join('；') });
      continue;
    }
    for (const [key, value] of duplicates) if (value !== undefined) seen[key].set(value, row);
    rows.push({
      row,
      codeNumber,
      studentNumber,
      name,
      nameMasked: maskName(name),
      idNumber,
      idMasked: maskIdNumber(idNumber),
      idHash,
      department: cell(cells, 'department'),
      major: cell(cells, 'major'),
      className: cell(cells, 'className'),
      level: cell(cells, 'level'),
      gradDate: cell(cells, 'gradDate'),
    });
  }
  return { rows, errors };
}
