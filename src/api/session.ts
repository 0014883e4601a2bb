import Taro from '@tarojs/taro'
import { z } from 'zod'
import { roleSchema } from '../../cloudfunctions/contracts'

/**
 * Who is using the app. On h5 the local cloud's dev login hands out a bearer token; on weapp the
 * platform itself identifies the caller (OPENID), so the token stays empty. The user is what
 * `student.me` answered (roles, school, the phone masked), asked on every start.
 */
export const sessionSchema = z.object({
  token: z.string(),
  user: z
    .object({
      openid: z.string().optional(),
      roles: z.array(roleSchema),
      schoolId: z.string().optional(),
      schoolName: z.string().optional(),
      phoneMasked: z.string().optional(),
      phoneBound: z.boolean().optional(),
    })
    .loose(),
})
export type Session = z.infer<typeof sessionSchema>

const KEY = 'gradphoto.session'
/** Fired on Taro's event center whenever the session is saved or cleared (the tab bar follows it). */
export const SESSION_CHANGED = 'gradphoto:session'

export function loadSession(): Session | null {
  const parsed = sessionSchema.safeParse(Taro.getStorageSync(KEY))
  return parsed.success ? parsed.data : null
}

export function saveSession(session: Session): void {
  Taro.setStorageSync(KEY, session)
  Taro.eventCenter.trigger(SESSION_CHANGED)
}

export function clearSession(): void {
  Taro.removeStorageSync(KEY)
  Taro.eventCenter.trigger(SESSION_CHANGED)
}

export function hasRole(session: Session | null, role: z.infer<typeof roleSchema>): boolean {
  return session?.user.roles.includes(role) ?? false
}
