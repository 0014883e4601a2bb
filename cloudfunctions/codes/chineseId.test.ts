import { chineseIdProblem, idCheckChar, normaliseChineseId } from './chineseId';

const TODAY = new Date('2026-11-21T00:00:00Z');

describe('18-digit Chinese ID numbers', () => {
  it('accepts a number whose check digit matches (ISO 7064 MOD 11-2)', () => {
    expect(idCheckChar('43010420000101123')).toBe('6');
    expect(chineseIdProblem('430104200001011236', TODAY)).toBeNull();
  });

  it('accepts X as check character, in either case', () => {
    expect(chineseIdProblem('11010519491231109X', TODAY)).toBeNull();
    expect(normaliseChineseId(' 11010519491231109x ')).toBe('11010519491231109X');
  });

  it('rejects a wrong check digit with a Chinese reason (the api.md example 430104200001011234 is one)', () => {
    expect(chineseIdProblem('430104200001011234', TODAY)).toBe('身份证号码校验位不正确（按前17位应为 6），请核对号码');
    expect(normaliseChineseId('430104200001011234')).toBeNull();
  });

  it('rejects impossible or future birth dates', () => {
    expect(chineseIdProblem('430104200002301236', TODAY)).toBe('身份证号码中的出生日期无效');
    expect(chineseIdProblem('430104209901011236', TODAY)).toBe('身份证号码中的出生日期无效');
  });

  it('rejects wrong lengths and characters', () => {
    for (const id of ['', '43010420000101123', '4301042000010112366', '43010420000101123A', '030104200001011236']) {
      expect(chineseIdProblem(id, TODAY)).toBe('身份证号码应为18位（前17位为数字，最后一位为数字或X）');
    }
  });
});
