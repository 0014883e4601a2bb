import type { ReactNode } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { messageOf } from '../../api'
import type { AsyncState } from '../../hooks/useAsync'
import './index.css'

interface Props<T> {
  state: AsyncState<T> & { reload: () => void }
  /** Shown instead of `children` when `isEmpty` says there is nothing to list. */
  empty?: ReactNode
  isEmpty?: (data: T) => boolean
  children: (data: T) => ReactNode
}

/** The loading, error and empty states every screen has, around the screen's own content. */
export function AsyncView<T>({ state, empty, isEmpty, children }: Props<T>) {
  if (state.status === 'loading') {
    return (
      <View className='async async--loading' aria-live='polite'>
        <View className='spinner' />
        <Text>加载中…</Text>
      </View>
    )
  }
  if (state.status === 'error') {
    return (
      <View className='async async--error' role='alert'>
        <Text className='async__message'>{messageOf(state.error)}</Text>
        <Button className='btn btn--ghost' onClick={state.reload}>
          重试
        </Button>
      </View>
    )
  }
  if (isEmpty?.(state.data)) return <View className='async async--empty'>{empty}</View>
  return <>{children(state.data)}</>
}
