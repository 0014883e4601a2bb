import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { ERRATA_FIELD_LABELS, type ErrataField } from '../../../cloudfunctions/contracts'
import { call } from '../../api'
import { AsyncView } from '../../components/AsyncView'
import { ErrorText } from '../../components/ErrorText'
import { Segmented } from '../../components/Segmented'
import { useAction } from '../../hooks/useAction'
import { useAsync } from '../../hooks/useAsync'
import { dateTime } from '../../labels'

const FIELDS = Object.entries(ERRATA_FIELD_LABELS) as [ErrataField, string][]

/** 勘误: the student reports that what 学信网 shows is wrong; the school answers. */
export default function Errata() {
  const enrollmentId = useRouter().params.enrollmentId
  const state = useAsync(async () => (await call('student', 'listErrata', {})).errata, [])
  const [field, setField] = useState<ErrataField>('name')
  const [correct, setCorrect] = useState('')
  const [note, setNote] = useState('')
  const { busy, error, run } = useAction()

  const submit = () =>
    enrollmentId &&
    run(async () => {
      await call('student', 'requestErrata', { enrollmentId, field, correct: correct.trim(), ...(note.trim() ? { note: note.trim() } : {}) })
      setCorrect('')
      setNote('')
      state.reload()
    })

  return (
    <View className='page'>
      <Text className='page__title'>信息勘误</Text>
      {enrollmentId && (
        <View className='card' aria-label='申请勘误'>
          <Text className='muted'>学信网显示的信息有误时提交，学校核实后会回复。</Text>
          <View className='field'>
            <Text className='field__label'>有误的信息</Text>
            <Segmented label='有误的信息' value={field} options={FIELDS.slice(0, 3)} onChange={setField} />
            <Segmented label='有误的信息（续）' value={field} options={FIELDS.slice(3)} onChange={setField} />
          </View>
          <View className='field'>
            <Text className='field__label'>正确的信息</Text>
            <Input className='field__input' aria-label='正确的信息' value={correct} onInput={(e) => setCorrect(e.detail.value)} />
          </View>
          <View className='field'>
            <Text className='field__label'>说明（可选）</Text>
            <Input className='field__input' aria-label='说明' value={note} onInput={(e) => setNote(e.detail.value)} />
          </View>
          {error && <ErrorText>{error}</ErrorText>}
          <Button className='btn' loading={busy} disabled={busy || !correct.trim()} onClick={() => void submit()}>
            提交勘误
          </Button>
        </View>
      )}
      <AsyncView state={state} isEmpty={(list) => list.length === 0} empty={<Text className='muted'>没有勘误申请</Text>}>
        {(list) =>
          list.map((item) => (
            <View key={item.id} className='card'>
              <View className='row'>
                <Text className='card__title'>{item.fieldLabel}</Text>
                <Text className='tag tag--info'>{item.statusLabel}</Text>
              </View>
              <Text>
                {item.shown} → {item.correct}
              </Text>
              {item.reply && <Text>学校回复：{item.reply}</Text>}
              <Text className='muted'>{dateTime(item.createdAt)}</Text>
            </View>
          ))
        }
      </AsyncView>
    </View>
  )
}
