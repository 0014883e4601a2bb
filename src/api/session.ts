import Taro from '@tarojs/taro'
import { z } from 'zod'
import { roleSchema } from '../../cloudfunctions/contracts'

/**
 * Who is using the app. On h5 the local cloud's dev login hands out a bearer token; on weapp the
 * platform itself identifies the caller (OPENID), so the token stays empty.
 */
export const sessionSchema = z.object({
  token: z.string(),
  user: z
    .object({
      openid: z.string().optional(),
      roles: z.array(roleSchema),
      schoolId: z.string().optional(),
      phone: z.string().optional(),
    })
    .loose(),
})
export type Session = z.infer<typeof sessionSchema>

const KEY = 'gradphoto.session'

export function loadSession(): Session | null {
  const parsed = sessionSchema.safeParse(Taro.getStorageSync(KEY))
  return parsed.success ? parsed.data : null
}

export function saveSession(session: Session): void {
  Taro.setStorageSync(KEY, session)
}

export function clearSession(): void {
  Taro.removeStorageSync(KEY)
}

export function hasRole(session: Session | null, role: z.infer<typeof roleSchema>): boolean {
  return session?.user.roles.includes(role) ?? false
}
