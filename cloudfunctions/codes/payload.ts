import { z } from 'zod';

/**
 * What a 采集码 holds once decoded: the shape `student.readCode` returns as `code`. Name and ID number
 * arrive already masked; the last 4 characters of `idMasked` are the ones a student confirms.
 */
export const CodePayloadSchema = z.strictObject({
  number: z.string().regex(/^\d{10,20}$/, { error: '采集码编号应为10到20位数字' }),
  nameMasked: z
    .string()
    .regex(/^[^*\s·•][*·•]*\*[*·•]*$/u, { error: '脱敏姓名格式不正确（应如 张*）' }),
  idMasked: z.string().regex(/^[1-9]\d{5}\*{8}\d{3}[\dX]$/, { error: '脱敏证件号码格式不正确（应如 430104********1234）' }),
  schoolCode: z.string().regex(/^\d{5}$/, { error: '院校代码应为5位数字' }),
  schoolName: z.string().trim().min(2, { error: '院校名称不能为空' }).max(60),
  level: z.string().trim().min(1, { error: '层次不能为空（如 本科、专科、硕士研究生）' }).max(20),
  major: z.string().trim().min(1, { error: '专业不能为空' }).max(60),
  gradYear: z.number().int().min(2000, { error: '毕业年份应在2000到2100之间' }).max(2100, { error: '毕业年份应在2000到2100之间' }),
});
export type CodePayload = z.infer<typeof CodePayloadSchema>;

/** The payload's fields in the order the sandbox format stores them (a positional array keeps the QR small). */
export const CODE_PAYLOAD_FIELDS = [
  'number',
  'nameMasked',
  'idMasked',
  'schoolCode',
  'schoolName',
  'level',
  'major',
  'gradYear',
] as const satisfies readonly (keyof CodePayload)[];
