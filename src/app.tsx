import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { ApiError } from './api'
import { clearSession, loadSession } from './api/session'
import { routes } from './routes'
import { refreshAccount } from './session'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // weapp: every call and upload goes through CloudBase; the environment comes from the build's .env.
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ ...(process.env.TARO_APP_CLOUD_ENV ? { env: process.env.TARO_APP_CLOUD_ENV } : {}), traceUser: true })
    }
    // Who am I, on every start: roles granted (or taken) since the last one change the tabs. Offline, the
    // stored session stands; a session the backend no longer knows goes back to the login screen.
    if (loadSession()) {
      refreshAccount().catch((error: unknown) => {
        if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) return
        clearSession()
        void Taro.reLaunch({ url: routes.login() })
      })
    }
  })
  return children
}

export default App
