import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Image, Input, Label, Text, View } from '@tarojs/components'
import type { Code } from '../../../cloudfunctions/contracts'
import { ApiError, call, messageOf, uploadFile } from '../../api'
import { ImagePicker, type Picked } from '../../components/ImagePicker'
import { ProgressBar } from '../../components/ProgressBar'
import { routes } from '../../routes'
import { requireSession } from '../../session'
import { parseBatchCode } from './batchCode'
import { ErrorText } from '../../components/ErrorText'
import './index.css'

/** Where the 采集码 came from: the camera's scan (its text) or an uploaded image (the backend reads it). */
type CodeSource = { text: string; previewUrl?: undefined } | { fileId: string; previewUrl: string }

function errorText(error: unknown): string {
  if (error instanceof ApiError && typeof error.details?.attemptsLeft === 'number') {
    return `${error.message}，还可以尝试 ${error.details.attemptsLeft} 次`
  }
  return messageOf(error)
}

/**
 * 添加学历: the batch (特征码, pre-filled from the batch QR code) or a walk-in, the last 4 digits of the
 * ID number and the 采集码; then 资格展示 shows what the code holds before the 学历 is added.
 */
export default function Enroll() {
  const router = useRouter()
  const [batchCode, setBatchCode] = useState(parseBatchCode(router.params.batch ?? '') ?? '')
  const [walkIn, setWalkIn] = useState(false)
  const [last4, setLast4] = useState('')
  const [source, setSource] = useState<CodeSource | null>(null)
  const [uploading, setUploading] = useState<number | null>(null)
  const [code, setCode] = useState<Code | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const codeInput = (s: CodeSource) => ('text' in s ? { text: s.text } : { fileId: s.fileId })

  const uploadCodeImage = async (picked: Picked) => {
    setError(null)
    setUploading(0)
    try {
      const fileId = await uploadFile(picked.source, setUploading)
      setSource({ fileId, previewUrl: picked.previewUrl })
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setUploading(null)
    }
  }

  const scanCode = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      setSource({ text: result.result })
    } catch {
      // Scan cancelled.
    }
  }

  const scanBatch = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      const found = parseBatchCode(result.path ?? result.result)
      if (found) setBatchCode(found)
      else setError('这不是学校发布的批次二维码')
    } catch {
      // Scan cancelled.
    }
  }

  const validate = (): string | null => {
    if (!walkIn && batchCode.trim().length < 4) return '请输入学校发布的特征码，或选择散拍/补拍'
    if (!/^\d{3}[\dXx]$/.test(last4.trim())) return '请输入身份证号后4位'
    if (!source) return '请扫描或上传学信网采集码'
    return null
  }

  const readCode = async () => {
    const invalid = validate()
    if (invalid || !source) return setError(invalid)
    setBusy(true)
    setError(null)
    try {
      setCode((await call('student', 'readCode', codeInput(source))).code)
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  const enroll = async () => {
    if (!source || !requireSession()) return
    setBusy(true)
    setError(null)
    try {
      const { enrollment } = await call('student', 'enroll', {
        ...(walkIn ? {} : { batchCode: batchCode.trim() }),
        idLast4: last4.trim(),
        ...codeInput(source),
      })
      await Taro.redirectTo({ url: routes.enrollment(enrollment.id) })
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  if (code) {
    return (
      <View className='page'>
        <Text className='page__title'>资格展示</Text>
        <Text className='page__lead'>请核对采集码中的信息。如信息有误，请先到学信网申请更正。</Text>
        <View className='card' aria-label='采集码信息'>
          <View className='kv'><Text className='kv__key'>姓名</Text><Text className='kv__value'>{code.nameMasked}</Text></View>
          <View className='kv'><Text className='kv__key'>身份证号</Text><Text className='kv__value'>{code.idMasked}</Text></View>
          <View className='kv'><Text className='kv__key'>学校</Text><Text className='kv__value'>{code.schoolName}</Text></View>
          <View className='kv'><Text className='kv__key'>层次</Text><Text className='kv__value'>{code.level}</Text></View>
          <View className='kv'><Text className='kv__key'>专业</Text><Text className='kv__value'>{code.major}</Text></View>
          <View className='kv'><Text className='kv__key'>毕业年份</Text><Text className='kv__value'>{code.gradYear}</Text></View>
          <View className='kv'><Text className='kv__key'>采集码编号</Text><Text className='kv__value'>{code.number}</Text></View>
        </View>
        {error && <ErrorText>{error}</ErrorText>}
        <View className='actions'>
          <Button className='btn' loading={busy} disabled={busy} onClick={() => void enroll()}>
            确认添加
          </Button>
          <Button className='btn btn--ghost' disabled={busy} onClick={() => setCode(null)}>
            返回修改
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page'>
      <Text className='page__title'>添加学历</Text>
      <View className='card'>
        <Text className='card__title'>采集批次</Text>
        <Label className='enroll__walkin'>
          <Checkbox value='walk-in' checked={walkIn} aria-label='散拍/补拍' onClick={() => setWalkIn(!walkIn)} />
          <Text onClick={() => setWalkIn(!walkIn)}>没有特征码（散拍/补拍，照片邮寄到家）</Text>
        </Label>
        {!walkIn && (
          <View className='field'>
            <Text className='field__label'>特征码</Text>
            <Input
              className='field__input'
              aria-label='特征码'
              placeholder='如 J9VG24，见学校通知'
              maxlength={12}
              value={batchCode}
              onInput={(e) => setBatchCode(e.detail.value.toUpperCase())}
            />
            {process.env.TARO_ENV === 'weapp' && (
              <Button className='btn btn--ghost btn--small' onClick={() => void scanBatch()}>
                扫描班级二维码
              </Button>
            )}
          </View>
        )}
      </View>
      <View className='card'>
        <Text className='card__title'>身份核验</Text>
        <View className='field'>
          <Text className='field__label'>身份证号后4位</Text>
          <Input
            className='field__input'
            aria-label='身份证号后4位'
            type='idcard'
            maxlength={4}
            value={last4}
            onInput={(e) => setLast4(e.detail.value)}
          />
        </View>
      </View>
      <View className='card'>
        <Text className='card__title'>学信网采集码</Text>
        <Text className='muted'>在学信网「图像校对」中获取采集码，长按保存原图；截图可能无法识别。</Text>
        {source?.previewUrl && <Image className='enroll__code' src={source.previewUrl} mode='aspectFit' aria-label='采集码图片' />}
        {source && !source.previewUrl && <Text className='muted'>已扫描采集码</Text>}
        {uploading !== null && <ProgressBar ratio={uploading} label='上传采集码' />}
        <View className='actions'>
          {process.env.TARO_ENV === 'weapp' && (
            <Button className='btn btn--ghost' onClick={() => void scanCode()}>
              扫描采集码
            </Button>
          )}
          <ImagePicker label={source ? '重新选择采集码图片' : '从相册选择采集码图片'} ghost disabled={uploading !== null} onPicked={(p) => void uploadCodeImage(p)} />
        </View>
      </View>
      {error && <ErrorText>{error}</ErrorText>}
      <Button className='btn' loading={busy} disabled={busy || uploading !== null} onClick={() => void readCode()}>
        下一步
      </Button>
    </View>
  )
}
