import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { loadSession, SESSION_CHANGED, type Session } from '../api/session'

/** The stored session, kept current: a screen re-renders when `student.me` brings new roles. */
export function useSession(): Session | null {
  const [session, setSession] = useState(loadSession)
  useEffect(() => {
    const update = () => setSession(loadSession())
    Taro.eventCenter.on(SESSION_CHANGED, update)
    update()
    return () => void Taro.eventCenter.off(SESSION_CHANGED, update)
  }, [])
  return session
}
