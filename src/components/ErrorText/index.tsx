import { Text, View } from '@tarojs/components'

/** An error message that screen readers announce as soon as it appears. */
export function ErrorText({ children }: { children: string }) {
  return (
    <View className='error-text' role='alert'>
      <Text>{children}</Text>
    </View>
  )
}
