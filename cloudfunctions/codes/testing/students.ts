import type { IssueInput } from '../issue';

/** A student as the issuer is given them (api.md's example, with an ID whose check digit is valid). */
export const ZHANG_SAN: IssueInput = {
  number: '2026430100123',
  name: '张三',
  id: '430104200001011236',
  schoolCode: '10538',
  schoolName: '中南林业科技大学',
  level: '本科',
  major: '计算机科学与技术',
  gradYear: 2026,
};
