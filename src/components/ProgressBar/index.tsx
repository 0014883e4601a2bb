import { Text, View } from '@tarojs/components'
import './index.css'

/** A labelled progress bar; `ratio` is 0…1. */
export function ProgressBar({ ratio, label }: { ratio: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, ratio)) * 100)
  return (
    <View className='progress' role='progressbar' aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
      <View className='progress__track'>
        <View className='progress__fill' style={{ width: `${percent}%` }} />
      </View>
      <Text className='progress__text'>
        {label} {percent}%
      </Text>
    </View>
  )
}
