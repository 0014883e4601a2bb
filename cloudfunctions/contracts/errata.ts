import { z } from 'zod';
import { errataStatusSchema } from './enums';
import { errataView } from './studentCentre';

const id = z.string().trim().min(1).max(64);

/** 勘误 on the school's side: the students' correction requests and their answer; merged into the `school` function. */
export const schoolErrataActions = {
  listErrata: {
    input: z.strictObject({ schoolId: id.optional(), status: errataStatusSchema.optional() }),
    output: z.object({
      errata: z.array(errataView.extend({ student: z.object({ codeNumber: z.string(), nameMasked: z.string(), major: z.string() }) })),
    }),
  },
  answerErrata: {
    input: z.strictObject({
      errataId: id,
      status: errataStatusSchema.exclude(['submitted']),
      reply: z.string().trim().max(200, { error: '回复最多200字' }).optional(),
    }),
    output: z.object({ errata: errataView }),
  },
} as const;
