import { z } from 'zod'
import { networkError, toApiError } from './errors'

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.unknown() }),
])

/** The data of a success envelope; a failure becomes an ApiError, anything else a network error. */
export function unwrapEnvelope(body: unknown): unknown {
  const parsed = envelopeSchema.safeParse(body)
  if (!parsed.success) throw networkError()
  if (parsed.data.ok) return parsed.data.data
  throw toApiError(parsed.data.error)
}
