import { Image, Text, View } from '@tarojs/components'
import { portraitDataUrl, type PortraitFault } from './portrait'
import './index.css'

/** One right or wrong example with its caption. */
export function ExamplePhoto({ ok, caption, fault }: { ok: boolean; caption: string; fault?: PortraitFault }) {
  return (
    <View className={`example example--${ok ? 'ok' : 'bad'}`}>
      <Image className='example__img' src={portraitDataUrl(fault)} mode='aspectFit' aria-label={caption} />
      <Text className='example__caption'>
        {ok ? '✓ ' : '✕ '}
        {caption}
      </Text>
    </View>
  )
}
