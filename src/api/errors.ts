import { ERRORS, errorBodySchema, type ErrorCode } from '../../cloudfunctions/contracts'

/** A failed call: the protocol's stable code and its Chinese message, ready for a screen to show. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? ERRORS[code].message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }
}

/** Turns any failure envelope's error into an ApiError; anything unrecognisable becomes INTERNAL. */
export function toApiError(error: unknown): ApiError {
  const parsed = errorBodySchema.extend({}).loose().safeParse(error)
  if (!parsed.success) return new ApiError('INTERNAL')
  const { code, message, ...rest } = parsed.data
  return new ApiError(code, message, rest)
}

/** The network is down or the server gave no protocol answer at all. */
export function networkError(): ApiError {
  return new ApiError('INTERNAL', '网络连接失败，请检查网络后重试')
}

/** What a screen shows for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return ERRORS.INTERNAL.message
}
