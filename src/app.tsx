import type { PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // weapp: every call and upload goes through CloudBase; the environment comes from the build's .env.
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ ...(process.env.TARO_APP_CLOUD_ENV ? { env: process.env.TARO_APP_CLOUD_ENV } : {}), traceUser: true })
    }
  })
  return children
}

export default App
