import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { portraitDataUrl } from '../../components/ExamplePhoto/portrait'
import { StatusTag } from '../../components/StatusTag'
import { TabBar } from '../../components/TabBar'
import { useAsync } from '../../hooks/useAsync'
import { routes } from '../../routes'
import { requireSession } from '../../session'
import './index.css'

/** The student's home: every 学历 with where it stands, and the way to add one. */
export default function Home() {
  const state = useAsync(async () => {
    if (!requireSession()) return []
    return (await call('student', 'listEnrollments', {})).enrollments
  }, [])
  useDidShow(() => state.status === 'ready' && state.reload())

  const add = () => void Taro.navigateTo({ url: routes.enroll() })

  return (
    <View className='page'>
      <View className='row'>
        <Text className='page__title'>我的学历</Text>
        <Button className='btn btn--small' onClick={add}>
          添加学历
        </Button>
      </View>
      <AsyncView
        state={state}
        isEmpty={(list) => list.length === 0}
        empty={
          <View className='empty'>
            <Image className='empty__art' src={portraitDataUrl()} mode='aspectFit' />
            <Text>还没有添加学历</Text>
            <Text className='muted'>准备好学校发布的特征码和学信网采集码，即可开始采集毕业照片。</Text>
            <Button className='btn' onClick={add}>
              添加学历
            </Button>
          </View>
        }
      >
        {(enrollments) =>
          enrollments.map((e) => (
            <View
              key={e.id}
              className='card home__item'
              aria-label={`${e.code.schoolName} ${e.code.level}`}
              onClick={() => void Taro.navigateTo({ url: routes.enrollment(e.id) })}
            >
              <View className='home__thumb'>
                {e.photo?.standardUrl ? (
                  <Image className='home__thumb-img' src={e.photo.standardUrl} mode='aspectFill' />
                ) : (
                  <Text className='home__thumb-empty'>无照片</Text>
                )}
              </View>
              <View className='home__body'>
                <View className='row'>
                  <Text className='card__title'>
                    {e.code.level} · {e.code.gradYear}届
                  </Text>
                  <StatusTag status={e.status} />
                </View>
                <Text>{e.code.schoolName}</Text>
                <Text className='muted'>
                  {e.code.major} · {e.code.nameMasked}
                </Text>
                {e.batch && <Text className='muted'>批次：{e.batch.name}</Text>}
              </View>
            </View>
          ))
        }
      </AsyncView>
      <TabBar current='home' />
    </View>
  )
}
