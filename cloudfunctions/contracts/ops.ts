import { z } from 'zod';
import { roleSchema } from './enums';

export const userView = z.object({ openid: z.string(), roles: z.array(roleSchema), schoolId: z.string().optional() });
export const schoolView = z.object({ id: z.string(), code: z.string(), name: z.string() });

/** The `ops` function: platform admins manage schools and who is a reviewer or school admin of which. */
export const opsActions = {
  createSchool: {
    input: z.strictObject({
      /** The school's 5-digit 学校代码 (as in the 采集码). */
      code: z.string().trim().regex(/^\d{5}$/, { error: '学校代码应为5位数字' }),
      name: z.string().trim().min(2, { error: '请填写学校名称' }).max(60),
    }),
    output: z.object({ school: schoolView }),
  },
  grant: {
    input: z
      .strictObject({
        openid: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'openid 格式不正确' }),
        role: roleSchema.exclude(['student']),
        schoolId: z.string().trim().min(1).max(64).optional(),
      })
      .refine((input) => input.role === 'ops' || input.schoolId !== undefined, { error: '审核员和学校管理员需要指定学校', path: ['schoolId'] }),
    output: z.object({ user: userView }),
  },
} as const;
