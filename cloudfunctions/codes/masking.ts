/**
 * Masking as 学信网 does inside the 采集码: the name keeps its first character (张三 → 张*, 欧阳娜娜 → 欧***),
 * the ID number keeps its first 6 and last 4 (430104********1234). One * per hidden character, so the
 * length stays visible as it does on 学信网; the middle dot of minority and foreign names stays too.
 */

const NAME_SEPARATOR = /[·•]/u;

export function maskName(name: string): string {
  const [first, ...rest] = Array.from(name.trim());
  if (first === undefined || rest.length === 0) throw new RangeError('姓名至少需要两个字');
  return first + rest.map((char) => (NAME_SEPARATOR.test(char) ? char : '*')).join('');
}

export function maskIdNumber(id: string): string {
  const normalised = id.trim().toUpperCase();
  if (normalised.length !== 18) throw new RangeError('身份证号码应为18位');
  return `${normalised.slice(0, 6)}${'*'.repeat(8)}${normalised.slice(14)}`;
}

/** The last 4 characters that stay visible in a masked ID number (what a student is asked to type). */
export function visibleIdLast4(idMasked: string): string {
  return idMasked.slice(-4);
}
