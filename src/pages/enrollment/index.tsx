import { useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Image, Input, Text, View } from '@tarojs/components'
import type { ActionOutput } from '../../../cloudfunctions/contracts'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { CheckList } from '../../components/CheckList'
import { StatusTag } from '../../components/StatusTag'
import { Timeline } from '../../components/Timeline'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { dateTime, yuan } from '../../labels'
import { pay } from '../../platform/payment'
import { savePhoto } from '../../platform/savePhoto'
import { routes } from '../../routes'
import { RemakeButton } from './RemakeButton'
import { askReviewSubscriptionOnce } from './subscribe'
import { ErrorText } from '../../components/ErrorText'
import './index.css'

type Detail = ActionOutput<'student', 'getEnrollment'>
type Photo = Detail['photos'][number]

/** The photo the screen is about: the one just checked, else the newest. */
function currentPhoto(photos: Photo[], photoId: string | undefined): Photo | undefined {
  return photos.find((p) => p.id === photoId) ?? [...photos].sort((a, b) => b.createdAt - a.createdAt)[0]
}

/** 「重新制作」 as the result card offers it: only for a passing photo not yet submitted. */
interface Remake {
  busy: boolean
  error: string | null
  done: boolean
  run: () => void
}

function PhotoResult({ photo, checksLeft, remake }: { photo: Photo; checksLeft: number; remake: Remake }) {
  const failed = photo.verdict !== 'pass'
  const remakable = photo.verdict === 'pass' && photo.state === 'checked' && Boolean(photo.standardUrl) && photo.remakesLeft > 0
  return (
    <View className='card' aria-label='检测结果'>
      <Text className='card__title'>{failed ? '照片未通过检测' : '照片检测通过'}</Text>
      <View className='photo-pair'>
        {photo.standardUrl && (
          <View className='enrollment__photo'>
            <View className='photo-frame'>
              <Image className='photo-frame__img' src={photo.standardUrl} mode='aspectFit' aria-label='标准照' />
            </View>
            <Text className='muted'>标准照</Text>
            {remakable && <RemakeButton busy={remake.busy} onRemake={remake.run} />}
          </View>
        )}
        {photo.originalUrl && (
          <View className='enrollment__photo'>
            <View className='photo-frame'>
              <Image className='photo-frame__img' src={photo.originalUrl} mode='aspectFit' aria-label='原始照片' />
            </View>
            <Text className='muted'>原始照片</Text>
          </View>
        )}
      </View>
      {remakable && !remake.error && (
        <Text className='muted' aria-live='polite'>
          {remake.busy
            ? '正在重新生成标准照，请稍候…'
            : remake.done
              ? `已重新制作标准照（还可重新制作 ${photo.remakesLeft} 次）。`
              : `标准照人像边缘不理想时，可点「重新制作」换一种抠图方式，不占用免费检测次数（还可 ${photo.remakesLeft} 次）。`}
        </Text>
      )}
      {remake.error && <ErrorText>{remake.error}</ErrorText>}
      {photo.report.error && <Text className='error-text'>{photo.report.error.message}</Text>}
      <CheckList checks={photo.checks} />
      <Text className='muted'>剩余免费检测次数：{checksLeft} 次</Text>
    </View>
  )
}

function Rejection({ photo }: { photo: Photo }) {
  return (
    <View className='card enrollment__rejected' role='alert'>
      <Text className='card__title'>审核未通过</Text>
      {photo.rejectReasons?.map((r) => (
        <Text key={r.code}>· {r.label}</Text>
      ))}
      {photo.rejectNote && <Text>审核意见：{photo.rejectNote}</Text>}
      {photo.resubmitBy && <Text className='muted'>请在 {dateTime(photo.resubmitBy)} 前重新上传并提交</Text>}
    </View>
  )
}

/**
 * One 学历: the code's data, the current photo with its check result, what to do next (submit,
 * withdraw, shoot again) and the timeline of every state change.
 */
export default function Enrollment() {
  const { id = '', photoId } = useRouter().params
  const state = useAsync(() => call('student', 'getEnrollment', { enrollmentId: id }), [id])
  useDidShow(() => state.status === 'ready' && state.reload())
  const { busy, error, run } = useAction()
  const act = (task: () => Promise<unknown>) =>
    run(async () => {
      await task()
      state.reload()
    })
  const submit = (photo: Photo) =>
    act(async () => {
      await askReviewSubscriptionOnce()
      await call('student', 'submitPhoto', { photoId: photo.id })
    })
  const withdraw = (photo: Photo) =>
    act(async () => {
      const { confirm } = await Taro.showModal({ title: '撤回审核', content: '撤回后可以重新上传照片，确定撤回吗？' })
      if (confirm) await call('student', 'withdrawPhoto', { photoId: photo.id })
    })
  const remaking = useAction()
  const [remade, setRemade] = useState(false)
  const remake = (photo: Photo): Remake => ({
    busy: remaking.busy,
    error: remaking.error,
    done: remade,
    run: () =>
      void remaking.run(async () => {
        setRemade(false)
        await call('student', 'remakePhoto', { photoId: photo.id })
        setRemade(true)
        state.reload()
      }),
  })
  const shoot = () => void Taro.navigateTo({ url: routes.capture(id) })
  const payFee = () =>
    act(async () => {
      const { order, payment } = await call('student', 'createOrder', { enrollmentId: id, kind: 'collection' })
      await pay(order.id, payment)
    })
  const [email, setEmail] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const save = () =>
    act(async () => {
      const { url } = await call('student', 'downloadPhoto', { enrollmentId: id })
      await savePhoto(url, `${id}.jpg`)
      setNotice('照片已保存')
    })
  const mail = () =>
    act(async () => {
      const { sentTo } = await call('student', 'emailPhoto', { enrollmentId: id, email: email.trim() })
      setNotice(`照片已发送到 ${sentTo}`)
    })

  return (
    <View className='page'>
      <AsyncView state={state}>
        {({ enrollment, photos }) => {
          const photo = currentPhoto(photos, photoId)
          const canShoot = !photo || ['checked', 'withdrawn', 'rejected'].includes(photo.state)
          return (
            <>
              <View className='card'>
                <View className='row'>
                  <Text className='card__title'>
                    {enrollment.code.schoolName} · {enrollment.code.level}
                  </Text>
                  <StatusTag status={enrollment.status} />
                </View>
                <Text className='muted'>
                  {enrollment.code.nameMasked} · {enrollment.code.major} · 采集码 {enrollment.code.number}
                </Text>
                <Text className='enrollment__link' onClick={() => void Taro.navigateTo({ url: routes.errata(id) })}>
                  信息有误？申请勘误 ›
                </Text>
                {enrollment.batch && <Text className='muted'>批次：{enrollment.batch.name}（{enrollment.batch.code}）</Text>}
              </View>

              {!photo && (
                <View className='card'>
                  <Text>还没有照片。请按要求拍摄或上传一张照片，系统会自动检测并生成标准照。</Text>
                </View>
              )}
              {photo?.state === 'rejected' && <Rejection photo={photo} />}
              {photo && <PhotoResult photo={photo} checksLeft={enrollment.checksLeft} remake={remake(photo)} />}
              {photo?.state === 'pending_review' && <Text className='muted'>已提交审核，审核结果会通过消息通知你。</Text>}

              {photo?.state === 'approved' && (!enrollment.batch || enrollment.batch.payer === 'student') && (
                <View className='card'>
                  <Text className='card__title'>审核已通过，请支付采集费</Text>
                  {enrollment.batch && <Text>采集费 {yuan(enrollment.batch.priceFen)}，支付后照片进入处理。</Text>}
                  <Button className='btn' loading={busy} disabled={busy} onClick={() => void payFee()}>
                    {enrollment.batch ? `支付 ${yuan(enrollment.batch.priceFen)}` : '支付采集费'}
                  </Button>
                </View>
              )}
              {photo?.state === 'processing' && <Text className='muted'>照片已锁定，等待学校导出上报。</Text>}
              {photo?.state === 'delivered' && (
                <View className='card'>
                  <Text className='card__title'>采集已完成</Text>
                  <Button className='btn' loading={busy} disabled={busy} onClick={() => void save()}>
                    保存照片
                  </Button>
                  <View className='field'>
                    <Text className='field__label'>发送到邮箱</Text>
                    <Input className='field__input' aria-label='邮箱' type='text' placeholder='name@example.com' value={email} onInput={(e) => setEmail(e.detail.value)} />
                  </View>
                  <Button className='btn btn--ghost' disabled={busy || !email.trim()} onClick={() => void mail()}>
                    发送
                  </Button>
                  <Button className='btn btn--ghost' onClick={() => void Taro.navigateTo({ url: routes.reprint(id) })}>
                    加洗照片（邮寄）
                  </Button>
                </View>
              )}
              {notice && <Text className='muted' aria-live='polite'>{notice}</Text>}
              {error && <ErrorText>{error}</ErrorText>}
              <View className='actions'>
                {photo?.state === 'checked' && photo.verdict === 'pass' && (
                  <Button className='btn' loading={busy} disabled={busy || remaking.busy} onClick={() => void submit(photo)}>
                    提交审核
                  </Button>
                )}
                {photo?.state === 'pending_review' && (
                  <Button className='btn btn--danger' loading={busy} disabled={busy} onClick={() => void withdraw(photo)}>
                    撤回审核
                  </Button>
                )}
                {canShoot && enrollment.checksLeft > 0 && (
                  <Button className={`btn${photo ? ' btn--ghost' : ''}`} disabled={busy} onClick={shoot}>
                    {photo ? '重新拍摄或上传' : '拍摄或上传照片'}
                  </Button>
                )}
                {canShoot && enrollment.checksLeft === 0 && <Text className='error-text'>免费检测次数已用完，请联系学校。</Text>}
              </View>

              <View className='card'>
                <Text className='card__title'>进度</Text>
                <Timeline entries={photos.flatMap((p) => p.history)} />
                <Text className='muted'>添加学历 {dateTime(enrollment.createdAt)}</Text>
              </View>
            </>
          )
        }}
      </AsyncView>
    </View>
  )
}
