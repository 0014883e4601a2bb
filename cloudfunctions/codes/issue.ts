import { z } from 'zod';
import { chineseIdCheckProblem, chineseIdShapeProblem } from './chineseId';
import type { CodeIssuingCodec } from './codec';
import { maskIdNumber, maskName } from './masking';
import { CodePayloadSchema, type CodePayload } from './payload';

const fields = CodePayloadSchema.shape;

/** What the issuer is given: the student's real name and ID number, masked before they are encrypted. */
export const IssueInputSchema = z.strictObject({
  number: fields.number,
  name: z
    .string()
    .trim()
    .regex(/^[\p{L}·• ]{2,40}$/u, { error: '姓名应为2到40个字（可含间隔号·）' }),
  id: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((id, ctx) => {
      const problem = chineseIdShapeProblem(id);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  schoolCode: fields.schoolCode,
  schoolName: fields.schoolName,
  level: fields.level,
  major: fields.major,
  gradYear: fields.gradYear,
});
export type IssueInput = z.input<typeof IssueInputSchema>;

export interface IssuedCode {
  text: string;
  payload: CodePayload;
  /** What the issuer should double-check but that does not stop a sandbox code (a wrong ID check digit). */
  warnings: string[];
}

/**
 * Issues a sandbox 采集码; throws a ZodError (Chinese messages) when the input is not valid. A wrong ID
 * check digit only warns: sandbox codes are for demos and training, where made-up ID numbers are common
 * (api.md's own example has one); rosters, which hold real ID numbers, refuse it.
 */
export function issueCode(input: IssueInput, codec: CodeIssuingCodec): IssuedCode {
  const { name, id, ...rest } = IssueInputSchema.parse(input);
  const payload = CodePayloadSchema.parse({ ...rest, nameMasked: maskName(name), idMasked: maskIdNumber(id) });
  const checkProblem = chineseIdCheckProblem(id);
  return { text: codec.encode(payload), payload, warnings: checkProblem ? [checkProblem] : [] };
}
