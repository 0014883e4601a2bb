import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { clearSession, hasRole } from '../../api/session'
import { AsyncView } from '../../components/AsyncView'
import { TabBar } from '../../components/TabBar'
import { useAsync } from '../../hooks/useAsync'
import { useSession } from '../../hooks/useSession'
import { ORDER_STATE_LABELS, dateTime, yuan } from '../../labels'
import { routes } from '../../routes'
import { requireSession } from '../../session'

const ROLE_LABELS = { student: '学生', reviewer: '审核员', school: '学校管理员', ops: '运营' } as const

/** 我的: who is logged in, the student's orders, and logging out. */
export default function Me() {
  const session = useSession()
  const isStudent = hasRole(session, 'student')
  const orders = useAsync(async () => {
    if (!requireSession() || !isStudent) return []
    return (await call('student', 'listOrders', {})).orders
  }, [isStudent])

  const logout = () => {
    clearSession()
    void Taro.reLaunch({ url: routes.login() })
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='card__title'>{session?.user.phoneMasked ?? '已登录'}</Text>
        <Text className='muted'>身份：{session?.user.roles.map((r) => ROLE_LABELS[r]).join('、')}</Text>
        {session?.user.schoolName && <Text className='muted'>学校：{session.user.schoolName}</Text>}
      </View>
      {isStudent && (
        <View className='card' aria-label='消息' onClick={() => void Taro.navigateTo({ url: routes.notifications() })}>
          <View className='row'>
            <Text className='card__title'>消息</Text>
            <Text className='muted'>审核结果通知 ›</Text>
          </View>
        </View>
      )}
      {isStudent && (
        <View className='card'>
          <View className='row' aria-label='收件地址' onClick={() => void Taro.navigateTo({ url: routes.addresses() })}>
            <Text>收件地址</Text>
            <Text className='muted'>›</Text>
          </View>
          <View className='row' aria-label='信息勘误' onClick={() => void Taro.navigateTo({ url: routes.errata() })}>
            <Text>信息勘误</Text>
            <Text className='muted'>›</Text>
          </View>
        </View>
      )}
      {isStudent && (
        <View className='card'>
          <Text className='card__title'>我的订单</Text>
          <AsyncView state={orders} isEmpty={(list) => list.length === 0} empty={<Text className='muted'>暂无订单</Text>}>
            {(list) =>
              list.map((order) => (
                <View key={order.id} className='row' onClick={() => void Taro.navigateTo({ url: routes.enrollment(order.enrollmentId) })}>
                  <View>
                    <Text>{order.kind === 'collection' ? '采集费' : `加洗 ${order.copies ?? ''} 份`}</Text>
                    <Text className='muted'> {dateTime(order.createdAt)}</Text>
                  </View>
                  <Text>
                    {yuan(order.amountFen)} {ORDER_STATE_LABELS[order.state]}
                  </Text>
                </View>
              ))
            }
          </AsyncView>
        </View>
      )}
      <Button className='btn btn--ghost' onClick={logout}>
        退出登录
      </Button>
      <TabBar current='me' />
    </View>
  )
}
