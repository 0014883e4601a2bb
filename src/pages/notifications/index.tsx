import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { useAsync } from '../../hooks/useAsync'
import { dateTime } from '../../labels'
import { routes } from '../../routes'

/** Review results and other messages; opening the list marks them read. */
export default function Notifications() {
  const state = useAsync(async () => {
    const result = await call('student', 'listNotifications', {})
    if (result.unread > 0) await call('student', 'readNotifications', {})
    return result.notifications
  }, [])
  return (
    <View className='page'>
      <Text className='page__title'>消息</Text>
      <AsyncView state={state} isEmpty={(list) => list.length === 0} empty={<Text className='muted'>暂无消息</Text>}>
        {(list) =>
          list.map((n) => (
            <View
              key={n.id}
              className='card'
              aria-label={n.title}
              onClick={() => n.enrollmentId && void Taro.navigateTo({ url: routes.enrollment(n.enrollmentId) })}
            >
              <View className='row'>
                <Text className='card__title'>{n.title}</Text>
                {!n.read && <Text className='tag tag--bad'>未读</Text>}
              </View>
              <Text>{n.body}</Text>
              <Text className='muted'>{dateTime(n.createdAt)}</Text>
            </View>
          ))
        }
      </AsyncView>
    </View>
  )
}
