import { Text, View } from '@tarojs/components'
import type { CheckResult } from '../../labels'
import { CHECK_TITLES } from '../../labels'
import './index.css'

/** The engine's failed checks first, then warnings: what is wrong and how to fix it. */
export function CheckList({ checks }: { checks: CheckResult[] }) {
  const shown = [...checks.filter((c) => c.status === 'fail'), ...checks.filter((c) => c.status === 'warn')]
  if (shown.length === 0) return null
  return (
    <View className='checks' aria-label='检查项'>
      {shown.map((check) => (
        <View key={check.code} className={`checks__item checks__item--${check.status}`} data-check={check.code}>
          <Text className='checks__title'>
            {check.status === 'fail' ? '✕ ' : '! '}
            {CHECK_TITLES[check.code]}
          </Text>
          <Text className='checks__fix'>{check.message}</Text>
        </View>
      ))}
    </View>
  )
}
