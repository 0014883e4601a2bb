import Taro from '@tarojs/taro'
import { loadSession, type Session } from './api/session'
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
