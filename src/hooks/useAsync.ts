import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { ApiError } from '../api'
import { clearSession } from '../api/session'
import { routes } from '../routes'

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }
  | { status: 'ready'; data: T; error?: undefined }

/**
 * Loads a screen's data and reloads on demand. An expired session sends the user to the login screen
 * instead of showing an error they cannot fix.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' })
  const generation = useRef(0)
  const run = useCallback(load, deps)

  const reload = useCallback(() => {
    const mine = ++generation.current
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }))
    run().then(
      (data) => mine === generation.current && setState({ status: 'ready', data }),
      (error: unknown) => {
        if (mine !== generation.current) return
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
          clearSession()
          void Taro.reLaunch({ url: routes.login() })
          return
        }
        setState({ status: 'error', error })
      },
    )
  }, [run])

  useEffect(reload, [reload])
  return { ...state, reload }
}
