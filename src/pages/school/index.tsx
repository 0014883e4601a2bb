import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { Segmented } from '../../components/Segmented'
import { TabBar } from '../../components/TabBar'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { dateTime, yuan } from '../../labels'
import { routes } from '../../routes'
import { requireSession } from '../../session'
import { KIND_LABELS, blankForm, toCreateBatch, type BatchForm } from './batchForm'
import './index.css'

function CreateBatch({ onCreated }: { onCreated: (batchId: string) => void }) {
  const [form, setForm] = useState<BatchForm>(blankForm)
  const { busy, error, setError, run } = useAction()
  const set = <K extends keyof BatchForm>(key: K, value: BatchForm[K]) => setForm((f) => ({ ...f, [key]: value }))
  const submit = async () => {
    const parsed = toCreateBatch(form)
    if ('error' in parsed) return setError(parsed.error)
    await run(async () => onCreated((await call('school', 'createBatch', parsed.input)).batch.id))
  }
  const text = (key: 'name' | 'starts' | 'ends' | 'priceYuan', label: string, placeholder: string) => (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input className='field__input' aria-label={label} placeholder={placeholder} value={form[key]} onInput={(e) => set(key, e.detail.value)} />
    </View>
  )
  return (
    <View className='card' aria-label='创建批次'>
      <Text className='card__title'>创建批次</Text>
      {text('name', '批次名称', '如 2026届本科毕业生图像采集')}
      <Segmented label='采集方式' value={form.kind} options={Object.entries(KIND_LABELS) as [BatchForm['kind'], string][]} onChange={(v) => set('kind', v)} />
      {text('starts', '开始日期', '2026-05-01')}
      {text('ends', '结束日期', '2026-06-30')}
      <Segmented label='付费方' value={form.payer} options={[['student', '学生付费'], ['school', '学校统一付费']]} onChange={(v) => set('payer', v)} />
      {form.payer === 'student' && text('priceYuan', '价格（元）', '25')}
      {error && <ErrorText>{error}</ErrorText>}
      <Button className='btn' loading={busy} disabled={busy} onClick={() => void submit()}>
        创建并生成特征码
      </Button>
    </View>
  )
}

/** The school admin's batches, and creating one (which generates the 特征码 and QR code). */
export default function SchoolBatches() {
  const state = useAsync(async () => {
    if (!requireSession()) throw new Error('not signed in')
    return (await call('school', 'listBatches', {})).batches
  }, [])
  useDidShow(() => state.status === 'ready' && state.reload())
  const [creating, setCreating] = useState(false)

  return (
    <View className='page'>
      <View className='row'>
        <Text className='page__title'>采集批次</Text>
        {!creating && (
          <Button className='btn btn--small' onClick={() => setCreating(true)}>
            创建批次
          </Button>
        )}
      </View>
      {creating && <CreateBatch onCreated={(batchId) => void Taro.navigateTo({ url: routes.batch(batchId) })} />}
      <AsyncView state={state} isEmpty={(list) => list.length === 0} empty={<Text className='muted'>还没有批次，点击「创建批次」开始。</Text>}>
        {(batches) =>
          batches.map((batch) => (
            <View key={batch.id} className='card' aria-label={batch.name} onClick={() => void Taro.navigateTo({ url: routes.batch(batch.id) })}>
              <Text className='card__title'>{batch.name}</Text>
              <View className='kv'><Text className='kv__key'>特征码</Text><Text className='kv__value school__code'>{batch.code}</Text></View>
              <View className='kv'><Text className='kv__key'>方式</Text><Text className='kv__value'>{KIND_LABELS[batch.kind]}</Text></View>
              <View className='kv'><Text className='kv__key'>时间</Text><Text className='kv__value'>{dateTime(batch.startsAt)} 至 {dateTime(batch.endsAt)}</Text></View>
              <View className='kv'><Text className='kv__key'>费用</Text><Text className='kv__value'>{batch.payer === 'school' ? '学校统一付费' : `学生付费 ${yuan(batch.priceFen)}`}</Text></View>
            </View>
          ))
        }
      </AsyncView>
      <TabBar current='school' />
    </View>
  )
}
