import Taro from '@tarojs/taro'
import { call } from './api'
import { loadSession, saveSession, type Session } from './api/session'
import { routes } from './routes'

/** The first screen of a role: students their 学历, reviewers the queue, school admins their batches. */
export function homeOf(session: Session): string {
  const roles = session.user.roles
  if (roles.includes('student')) return routes.home()
  if (roles.includes('reviewer')) return routes.reviewQueue()
  if (roles.includes('school')) return routes.school()
  return routes.me()
}

/** The current session, or null after sending the user to the login screen. */
export function requireSession(): Session | null {
  const session = loadSession()
  if (!session) void Taro.reLaunch({ url: routes.login() })
  return session
}

/**
 * Asks the backend who the user is (`student.me`, identity from the platform or the bearer token) and
 * keeps the answer: roles and school choose the tabs, so a role granted since the last start shows.
 */
export async function refreshAccount(): Promise<Session> {
  const { user } = await call('student', 'me', {})
  const session = { token: loadSession()?.token ?? '', user }
  saveSession(session)
  return session
}
