import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { ExamplePhoto } from '../../components/ExamplePhoto'
import { routes } from '../../routes'
import { markRulesSeen } from './seen'
import './index.css'

const RULES = [
  '请他人手持手机，使用后置摄像头在光线均匀的地方拍摄；',
  '免冠正面，头部端正，双眼自然睁开平视镜头，嘴唇自然闭合，不能露齿；',
  '头部和双肩完整，头发不遮挡眉毛和耳朵，不戴首饰、不戴有色或反光眼镜；',
  '背景为单一浅色，衣着颜色与蓝色背景区分明显，不穿蓝色衣服；',
  '不得美颜、化浓妆或修图；不能与他人为同版照片。',
]

/** The rules, with right and wrong examples, shown before the first shot. */
export default function Rules() {
  const { enrollmentId } = useRouter().params
  const start = () => {
    markRulesSeen()
    if (enrollmentId) void Taro.redirectTo({ url: routes.capture(enrollmentId) })
    else void Taro.navigateBack()
  }
  return (
    <View className='page'>
      <Text className='page__title'>拍照要求</Text>
      <View className='card'>
        {RULES.map((rule, i) => (
          <Text key={i} className='rules__item'>
            {i + 1}. {rule}
          </Text>
        ))}
      </View>
      <View className='card'>
        <Text className='card__title'>正确与错误示例</Text>
        <View className='rules__examples'>
          <ExamplePhoto ok caption='正面、居中、浅色背景' />
          <ExamplePhoto ok={false} caption='头部歪斜' fault={{ tiltDeg: 14 }} />
          <ExamplePhoto ok={false} caption='距离太远' fault={{ scale: 0.6 }} />
          <ExamplePhoto ok={false} caption='背景杂乱' fault={{ background: 'cluttered' }} />
          <ExamplePhoto ok={false} caption='蓝色衣服' fault={{ clothes: 'rgb(90,180,245)' }} />
          <ExamplePhoto ok={false} caption='露齿、阴阳脸' fault={{ teeth: true, shadow: true }} />
        </View>
      </View>
      <Button className='btn' onClick={start}>
        我已了解，开始拍照
      </Button>
    </View>
  )
}
