import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Camera, Image, Text, View } from '@tarojs/components'
import { call, messageOf, uploadFile } from '../../api'
import { ImagePicker, type Picked } from '../../components/ImagePicker'
import { PhotoGuide } from '../../components/PhotoGuide'
import { ProgressBar } from '../../components/ProgressBar'
import { routes } from '../../routes'
import { rulesSeen } from '../rules/seen'
import { ErrorText } from '../../components/ErrorText'
import './index.css'

/**
 * What happened to the picked photo so far. Once uploaded, its fileId is kept: a failed check (network,
 * server) is retried with the same file, never by asking the student to shoot again.
 */
type Progress =
  | { step: 'idle' }
  | { step: 'uploading'; picked: Picked; ratio: number }
  | { step: 'checking'; picked: Picked; fileId: string }
  | { step: 'failed'; picked: Picked; fileId?: string; message: string }

export default function Capture() {
  const enrollmentId = useRouter().params.enrollmentId ?? ''
  const [progress, setProgress] = useState<Progress>({ step: 'idle' })

  useEffect(() => {
    if (!rulesSeen()) void Taro.redirectTo({ url: routes.rules(enrollmentId) })
  }, [enrollmentId])

  const check = async (picked: Picked, fileId: string) => {
    setProgress({ step: 'checking', picked, fileId })
    try {
      const { photo } = await call('student', 'checkPhoto', { enrollmentId, fileId })
      await Taro.redirectTo({ url: `${routes.enrollment(enrollmentId)}&photoId=${photo.id}` })
    } catch (e) {
      setProgress({ step: 'failed', picked, fileId, message: messageOf(e) })
    }
  }

  const upload = async (picked: Picked) => {
    setProgress({ step: 'uploading', picked, ratio: 0 })
    let fileId: string
    try {
      fileId = await uploadFile(picked.source, (ratio) => setProgress({ step: 'uploading', picked, ratio }))
    } catch (e) {
      return setProgress({ step: 'failed', picked, message: messageOf(e) })
    }
    await check(picked, fileId)
  }

  const retry = () => {
    if (progress.step !== 'failed') return
    if (progress.fileId) void check(progress.picked, progress.fileId)
    else void upload(progress.picked)
  }

  const takePhoto = () => {
    Taro.createCameraContext().takePhoto({
      quality: 'high',
      success: (result) => void upload({ source: result.tempImagePath, previewUrl: result.tempImagePath }),
      fail: () => setProgress({ step: 'idle' }),
    })
  }

  const busy = progress.step === 'uploading' || progress.step === 'checking'
  const picked = progress.step === 'idle' ? null : progress.picked

  return (
    <View className='page capture'>
      <View className='photo-frame capture__frame'>
        {picked ? (
          <Image className='photo-frame__img' src={picked.previewUrl} mode='aspectFill' aria-label='已选择的照片' />
        ) : process.env.TARO_ENV === 'weapp' ? (
          <Camera className='photo-frame__img' devicePosition='back' flash='off' resolution='high' />
        ) : (
          <View className='photo-frame__img capture__placeholder'>
            <Text>请他人手持手机，使用后置摄像头拍摄</Text>
          </View>
        )}
        <PhotoGuide />
      </View>
      <Text className='muted'>头顶在黄色区域内，双眼对齐绿线，面部在虚线轮廓内，双肩完整入镜。</Text>

      {progress.step === 'uploading' && <ProgressBar ratio={progress.ratio} label='正在上传' />}
      {progress.step === 'checking' && (
        <View className='capture__checking' aria-live='polite'>
          <View className='spinner' />
          <Text>正在检测照片并生成标准照，请稍候…</Text>
        </View>
      )}
      {progress.step === 'failed' && (
        <View className='card'>
          <ErrorText>{progress.message}</ErrorText>
          <Button className='btn' onClick={retry}>
            {progress.fileId ? '重新检测这张照片' : '重新上传这张照片'}
          </Button>
        </View>
      )}

      <View className='actions'>
        {process.env.TARO_ENV === 'weapp' && !picked && (
          <Button className='btn' disabled={busy} onClick={takePhoto}>
            拍照
          </Button>
        )}
        {process.env.TARO_ENV === 'h5' && <ImagePicker label='拍照' camera disabled={busy} onPicked={(p) => void upload(p)} />}
        <ImagePicker label='从相册选择照片' ghost disabled={busy} onPicked={(p) => void upload(p)} />
        <Button className='btn btn--ghost' disabled={busy} onClick={() => void Taro.navigateTo({ url: routes.rules('') })}>
          查看拍照要求
        </Button>
      </View>
    </View>
  )
}
