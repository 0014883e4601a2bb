import { maskIdNumber, maskName, visibleIdLast4 } from './masking';

describe('masking as 学信网 does', () => {
  it('keeps the first character of a name and hides each of the others', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小明')).toBe('李**');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('keeps the middle dot of minority and foreign names', () => {
    expect(maskName('买买提·艾力')).toBe('买**·**');
  });

  it('trims and refuses one-character names', () => {
    expect(maskName(' 王五 ')).toBe('王*');
    expect(() => maskName('王')).toThrow('姓名至少需要两个字');
  });

  it('keeps the first 6 and last 4 of an ID number', () => {
    expect(maskIdNumber('430104200001011236')).toBe('430104********1236');
    expect(maskIdNumber('11010519491231109x')).toBe('110105********109X');
    expect(() => maskIdNumber('4301042000')).toThrow('身份证号码应为18位');
  });

  it('gives the last 4 a student types to confirm', () => {
    expect(visibleIdLast4('110105********109X')).toBe('109X');
  });
});
