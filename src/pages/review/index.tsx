import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { Segmented } from '../../components/Segmented'
import { TabBar } from '../../components/TabBar'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { dateTime } from '../../labels'
import { routes } from '../../routes'
import { requireSession } from '../../session'
import { rememberQueue } from './queueOrder'
import './index.css'

type Filter = 'all' | 'flagged' | 'clean'
const FILTERS: [Filter, string][] = [
  ['all', '全部'],
  ['flagged', '有标记'],
  ['clean', '无标记'],
]

/** The reviewer's queue: pending photos, oldest first, with the automatic flags and overdue ones. */
export default function ReviewQueue() {
  const [filter, setFilter] = useState<Filter>('all')
  const flagged = filter === 'all' ? undefined : filter === 'flagged'
  const state = useAsync(async () => {
    if (!requireSession()) throw new Error('not signed in')
    const queue = await call('review', 'queue', { limit: 50, ...(flagged === undefined ? {} : { flagged }) })
    rememberQueue(queue.items.map((item) => item.photo.id))
    return queue
  }, [flagged])
  useDidShow(() => state.status === 'ready' && state.reload())
  const { busy, error, run } = useAction()
  const [message, setMessage] = useState<string | null>(null)

  const bulkApprove = async (photoIds: string[]) => {
    const { confirm } = await Taro.showModal({ title: '批量通过', content: `将通过 ${photoIds.length} 张无自动标记的照片，确定吗？` })
    if (!confirm) return
    await run(async () => {
      const result = await call('review', 'approveUnflagged', { photoIds })
      setMessage(`已通过 ${result.approved.length} 张${result.skipped.length ? `，跳过 ${result.skipped.length} 张` : ''}`)
      state.reload()
    })
  }

  return (
    <View className='page'>
      <Text className='page__title'>照片审核</Text>
      <Segmented label='筛选' value={filter} options={FILTERS} onChange={setFilter} />
      {message && <Text className='muted' aria-live='polite'>{message}</Text>}
      {error && <ErrorText>{error}</ErrorText>}
      <AsyncView state={state}>
        {({ items, pending, overdue }) => {
          const unflagged = items.filter((item) => item.flags.length === 0).map((item) => item.photo.id)
          return (
            <>
              <View className='row'>
                <Text>待审核 {pending} 张</Text>
                <Text className={overdue ? 'error-text' : 'muted'}>已超过审核时限 {overdue} 张</Text>
              </View>
              {unflagged.length > 0 && (
                <Button className='btn btn--ghost' loading={busy} disabled={busy} onClick={() => void bulkApprove(unflagged)}>
                  批量通过无标记照片（{unflagged.length}）
                </Button>
              )}
              {items.length === 0 && (
                <View className='empty'>
                  <Text>没有待审核的照片</Text>
                </View>
              )}
              {items.map((item) => (
                <View
                  key={item.photo.id}
                  className='card review__item'
                  aria-label={`审核 ${item.student.nameMasked}`}
                  onClick={() => void Taro.navigateTo({ url: routes.reviewDetail(item.photo.id) })}
                >
                  {item.photo.standardUrl ? (
                    <Image className='review__thumb' src={item.photo.standardUrl} mode='aspectFit' />
                  ) : (
                    <View className='review__thumb' />
                  )}
                  <View className='review__body'>
                    <Text className='card__title'>
                      {item.student.nameMasked} · {item.student.level}
                    </Text>
                    <Text className='muted'>
                      {item.student.major} · {item.student.codeNumber}
                    </Text>
                    {item.batch && <Text className='muted'>{item.batch.name}</Text>}
                    {item.photo.submittedAt && <Text className='muted'>提交于 {dateTime(item.photo.submittedAt)}</Text>}
                    <View className='review__flags'>
                      {item.overdue && <Text className='tag tag--bad'>已超时</Text>}
                      {item.flags.map((flag) => (
                        <Text key={flag.code} className='tag tag--wait'>
                          {flag.message}
                        </Text>
                      ))}
                    </View>
                  </View>
                </View>
              ))}
            </>
          )
        }}
      </AsyncView>
      <TabBar current='review' />
    </View>
  )
}
