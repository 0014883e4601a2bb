import { View, Text } from '@tarojs/components'

export default function Index() {
  return (
    <View>
      <Text>毕业生图像采集</Text>
    </View>
  )
}
