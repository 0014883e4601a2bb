import { ZodError } from 'zod';
import { issueCode } from './issue';
import { devKeyring } from './keyring';
import { createSandboxCodec } from './sandboxCodec';
import { ZHANG_SAN } from './testing/students';

const codec = createSandboxCodec(devKeyring());

function issueProblems(change: Partial<typeof ZHANG_SAN>): string[] {
  try {
    issueCode({ ...ZHANG_SAN, ...change }, codec);
  } catch (error) {
    if (error instanceof ZodError) return error.issues.map((issue) => issue.message);
    throw error;
  }
  return [];
}

describe('issuing a sandbox 采集码', () => {
  it('masks the name and ID number before they are encrypted', () => {
    const { text, payload } = issueCode({ ...ZHANG_SAN, name: '欧阳娜娜', id: '11010519491231109x' }, codec);
    expect(payload.nameMasked).toBe('欧***');
    expect(payload.idMasked).toBe('110105********109X');
    expect(codec.decode(text)).toEqual(payload);
  });

  it('issues for an ID number whose check digit is wrong, with a warning that names the right digit', () => {
    const { payload, warnings } = issueCode({ ...ZHANG_SAN, id: '430104200001011234' }, codec);
    expect(payload.idMasked).toBe('430104********1234');
    expect(warnings).toEqual(['身份证号码校验位不正确（按前17位应为 6），请核对号码']);
    expect(issueCode(ZHANG_SAN, codec).warnings).toEqual([]);
  });

  it('refuses an ID number that is not shaped like one', () => {
    expect(issueProblems({ id: '43010420000101123' })).toEqual(['身份证号码应为18位（前17位为数字，最后一位为数字或X）']);
    expect(issueProblems({ id: '430104200002301236' })).toEqual(['身份证号码中的出生日期无效']);
  });

  it('explains every bad field in Chinese', () => {
    expect(issueProblems({ number: '12ab', name: '王', schoolCode: '105', major: ' ', gradYear: 1990 })).toEqual([
      '采集码编号应为10到20位数字',
      '姓名应为2到40个字（可含间隔号·）',
      '院校代码应为5位数字',
      '专业不能为空',
      '毕业年份应在2000到2100之间',
    ]);
  });
});
