import { z } from 'zod';
import { errorBodySchema } from './errors';

/** Every function call's request and response, on CloudBase and over the local cloud's HTTP. */
export const requestSchema = z.object({
  action: z.string().min(1).max(64),
  input: z.unknown().optional(),
});

export const failureSchema = z.object({ ok: z.literal(false), error: errorBodySchema });
export type Failure = z.infer<typeof failureSchema>;
export type Success<T> = { ok: true; data: T };
export type Envelope<T> = Success<T> | Failure;
