import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { hasRole, type Session } from '../../api/session'
import { useSession } from '../../hooks/useSession'
import { tabRoutes } from '../../routes'
import './index.css'

type Tab = keyof typeof tabRoutes

const TABS: { key: Tab; label: string; visible: (session: Session | null) => boolean }[] = [
  { key: 'home', label: '学历', visible: (s) => hasRole(s, 'student') },
  { key: 'review', label: '审核', visible: (s) => hasRole(s, 'reviewer') },
  { key: 'school', label: '学校', visible: (s) => hasRole(s, 'school') },
  { key: 'me', label: '我的', visible: () => true },
]

/**
 * The bottom tab bar, drawn by the app rather than the platform because its tabs depend on the
 * user's roles (from `student.me`): the review tab only for reviewers, the school tab only for school admins.
 */
export function TabBar({ current }: { current: Tab }) {
  const session = useSession()
  const tabs = TABS.filter((tab) => tab.visible(session))
  return (
    <>
      <View className='tabbar-spacer' />
      <View className='tabbar' role='tablist' aria-label='主导航'>
        {tabs.map((tab) => (
          <View
            key={tab.key}
            role='tab'
            aria-selected={tab.key === current}
            aria-label={tab.label}
            className={`tabbar__item${tab.key === current ? ' tabbar__item--active' : ''}`}
            onClick={() => tab.key !== current && void Taro.reLaunch({ url: tabRoutes[tab.key] })}
          >
            <View className='tabbar__mark' />
            <Text className='tabbar__label'>{tab.label}</Text>
          </View>
        ))}
      </View>
    </>
  )
}
