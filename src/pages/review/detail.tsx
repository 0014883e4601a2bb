import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { REJECT_REASON_LABELS, type ActionOutput, type RejectReason } from '../../../cloudfunctions/contracts'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { CheckList } from '../../components/CheckList'
import { ErrorText } from '../../components/ErrorText'
import { PhotoGuide } from '../../components/PhotoGuide'
import { StatusTag } from '../../components/StatusTag'
import { Timeline } from '../../components/Timeline'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { CHECK_NAMES, dateTime } from '../../labels'
import { routes } from '../../routes'
import { forget, neighbour } from './queueOrder'
import './index.css'

type Detail = ActionOutput<'review', 'photo'>
const REASONS = Object.entries(REJECT_REASON_LABELS) as [RejectReason, string][]

function Measurements({ report }: { report: Detail['item']['photo']['report'] }) {
  const out = report.output
  const face = report.face
  const rows: [string, string][] = []
  if (out) {
    rows.push(['尺寸', `${out.width}×${out.height}，${Math.round(out.bytes / 1024)} KB，${out.dpi} dpi`])
    rows.push(['眼睛位置', `${Math.round(out.eyeLineY)} px（标准 250，200–300）`])
    rows.push(['头顶位置', `${Math.round(out.headTopY)} px（50–110）`])
    rows.push(['脸宽', `${Math.round(out.faceWidthPx)} px（标准 240，180–300）`])
    rows.push(['面部中线', `${Math.round(out.centerX)} px（240 ± 10）`])
  }
  if (face) rows.push(['姿态', `侧倾 ${face.rollDeg.toFixed(1)}°，左右 ${face.yawDeg.toFixed(1)}°，俯仰 ${face.pitchDeg.toFixed(1)}°`])
  return (
    <View className='card' aria-label='测量数据'>
      <Text className='card__title'>自动测量</Text>
      {rows.map(([key, value]) => (
        <View key={key} className='kv'>
          <Text className='kv__key'>{key}</Text>
          <Text className='kv__value'>{value}</Text>
        </View>
      ))}
      {(report.checks ?? []).map((check) => (
        <View key={check.code} className='kv'>
          <Text className='kv__key'>{CHECK_NAMES[check.code]}</Text>
          <Text className={`kv__value${check.status === 'fail' ? ' error-text' : ''}`}>
            {check.status === 'pass' ? '通过' : check.status === 'warn' ? '提示' : '未通过'}
            {check.value !== null ? ` ${check.value}` : ''}
            {check.limit !== null ? ` / ${check.limit}` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}

/**
 * One submitted photo: the original and the standard photo side by side with the guide lines, every
 * measurement, earlier attempts; approve, or reject with reasons and a note. On h5: A approves,
 * R focuses the rejection, J/K go to the next and previous photo.
 */
export default function ReviewDetail() {
  const photoId = useRouter().params.photoId ?? ''
  const state = useAsync(() => call('review', 'photo', { photoId }), [photoId])
  const [reasons, setReasons] = useState<RejectReason[]>([])
  const [note, setNote] = useState('')
  const { busy, error, setError, run } = useAction()
  const rejectRef = useRef<HTMLElement | null>(null)

  const go = (id: string | undefined) => {
    if (id) void Taro.redirectTo({ url: routes.reviewDetail(id) })
    else void Taro.reLaunch({ url: routes.reviewQueue() })
  }
  const decide = (task: () => Promise<unknown>, done: string) =>
    run(async () => {
      await task()
      const next = neighbour(photoId, 1)
      forget(photoId)
      void Taro.showToast({ title: done, icon: 'success' })
      go(next)
    })
  const approve = () => decide(() => call('review', 'approve', { photoId }), '已通过')
  const reject = () => {
    if (reasons.length === 0) return setError('请至少选择一个退回原因')
    return decide(() => call('review', 'reject', { photoId, reasons, ...(note.trim() ? { note: note.trim() } : {}) }), '已退回')
  }

  // Keyboard shortcuts for reviewers at a desktop browser.
  const keys = useRef({ approve, reject, busy })
  keys.current = { approve, reject, busy }
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (target?.closest('input, textarea') || event.metaKey || event.ctrlKey || keys.current.busy) return
      const key = event.key.toLowerCase()
      if (key === 'a') void keys.current.approve()
      else if (key === 'r') rejectRef.current?.scrollIntoView({ behavior: 'smooth' })
      else if (key === 'j') go(neighbour(photoId, 1))
      else if (key === 'k') go(neighbour(photoId, -1))
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [photoId])

  const toggle = (reason: RejectReason) =>
    setReasons((current) => (current.includes(reason) ? current.filter((r) => r !== reason) : [...current, reason]))

  return (
    <View className='page'>
      <AsyncView state={state}>
        {({ item, attempts, history }) => (
          <>
            <View className='card'>
              <View className='row'>
                <Text className='card__title'>
                  {item.student.nameMasked} · {item.student.level}
                </Text>
                <StatusTag status={item.photo.state} />
              </View>
              <Text className='muted'>
                {item.student.schoolName} · {item.student.major}
              </Text>
              <Text className='muted'>
                采集码 {item.student.codeNumber} · {item.student.idMasked}
              </Text>
              {item.photo.submittedAt && <Text className='muted'>提交于 {dateTime(item.photo.submittedAt)}</Text>}
              {item.overdue && <Text className='error-text'>已超过审核时限</Text>}
              {item.flags.map((flag) => (
                <Text key={flag.code} className='tag tag--wait'>
                  {flag.message}
                </Text>
              ))}
            </View>
            <View className='review__pair'>
              <View className='review__col'>
                <View className='photo-frame'>
                  {item.photo.originalUrl && <Image className='photo-frame__img' src={item.photo.originalUrl} mode='aspectFit' aria-label='原始照片' />}
                </View>
                <Text className='muted'>原始照片</Text>
              </View>
              <View className='review__col'>
                <View className='photo-frame'>
                  {item.photo.standardUrl && <Image className='photo-frame__img' src={item.photo.standardUrl} mode='aspectFill' aria-label='标准照' />}
                  <PhotoGuide labels={false} {...(item.photo.report.output ? { measured: item.photo.report.output } : {})} />
                </View>
                <Text className='muted'>标准照（绿线为标准眼线，红线为实测）</Text>
              </View>
            </View>
            <CheckList checks={item.photo.checks} />
            <Measurements report={item.photo.report} />
            {attempts.length > 0 && (
              <View className='card'>
                <Text className='card__title'>该学生的其他照片（{attempts.length}）</Text>
                <View className='review__attempts'>
                  {attempts.map((attempt) => (
                    <Image key={attempt.id} className='review__attempt' src={attempt.standardUrl ?? attempt.originalUrl ?? ''} mode='aspectFit' aria-label={`其他照片 ${dateTime(attempt.createdAt)}`} />
                  ))}
                </View>
              </View>
            )}
            {error && <ErrorText>{error}</ErrorText>}
            {item.photo.state === 'pending_review' && (
              <>
                <Button className='btn' loading={busy} disabled={busy} onClick={() => void approve()}>
                  通过
                </Button>
                <View className='card' ref={rejectRef}>
                  <Text className='card__title'>退回原因</Text>
                  <View className='review__reasons' role='group' aria-label='退回原因'>
                    {REASONS.map(([code, label]) => (
                      <View
                        key={code}
                        role='checkbox'
                        aria-checked={reasons.includes(code)}
                        className={`review__reason${reasons.includes(code) ? ' review__reason--on' : ''}`}
                        onClick={() => toggle(code)}
                      >
                        {label}
                      </View>
                    ))}
                  </View>
                  <Textarea className='review__note' aria-label='审核意见' placeholder='给学生的说明（可选）' maxlength={200} value={note} onInput={(e) => setNote(e.detail.value)} />
                  <Button className='btn btn--danger' loading={busy} disabled={busy} onClick={() => void reject()}>
                    退回
                  </Button>
                </View>
              </>
            )}
            {process.env.TARO_ENV === 'h5' && <Text className='review__keys'>快捷键：A 通过，R 退回，J 下一张，K 上一张</Text>}
            <View className='card'>
              <Text className='card__title'>记录</Text>
              <Timeline entries={history} />
            </View>
          </>
        )}
      </AsyncView>
    </View>
  )
}
