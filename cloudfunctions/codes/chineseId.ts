/**
 * The 18-digit 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence and an
 * ISO 7064 MOD 11-2 check character. Validating it at issue time catches typos before they are encrypted.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^[1-9]\d{5}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (WEIGHTS[i] ?? 0) * Number(first17[i]);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why an ID number is not even shaped like one (length, characters, birth date), or null. */
export function chineseIdShapeProblem(raw: string, today: Date = new Date()): string | null {
  const shape = SHAPE.exec(raw.trim().toUpperCase());
  if (!shape) return '身份证号码应为18位（前17位为数字，最后一位为数字或X）';
  const [year, month, day] = [Number(shape[1]), Number(shape[2]), Number(shape[3])];
  if (!isRealDate(year, month, day) || year < 1900 || Date.UTC(year, month - 1, day) > today.getTime()) {
    return '身份证号码中的出生日期无效';
  }
  return null;
}

/** Why a well-shaped ID number's check character is wrong, or null. */
export function chineseIdCheckProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  const expected = idCheckChar(id.slice(0, 17));
  // Saying which digit is expected helps the issuer of test codes; it reveals nothing the first 17 don't.
  return expected === id[17] ? null : `身份证号码校验位不正确（按前17位应为 ${expected}），请核对号码`;
}

/** Why an ID number is not valid, in Chinese, or null when it is valid. Lower-case x is accepted. */
export function chineseIdProblem(raw: string, today: Date = new Date()): string | null {
  return chineseIdShapeProblem(raw, today) ?? chineseIdCheckProblem(raw);
}

/** Normalises a valid ID number (trimmed, upper-case X) or returns null. */
export function normaliseChineseId(raw: string): string | null {
  return chineseIdProblem(raw) === null ? raw.trim().toUpperCase() : null;
}
