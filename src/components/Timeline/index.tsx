import { Text, View } from '@tarojs/components'
import { REJECT_REASON_LABELS, type AuditView } from '../../../cloudfunctions/contracts'
import { STATUS_LABELS, dateTime } from '../../labels'
import './index.css'

const EVENT_LABELS: Record<string, string> = {
  check: '照片检测',
  remake: '重新制作标准照',
  submit: '提交审核',
  withdraw: '撤回审核',
  approve: '审核通过',
  reject: '审核未通过',
  pay: '支付完成',
  export: '学校已导出',
}

function describe(entry: AuditView): string {
  if (entry.to && entry.to in STATUS_LABELS) return STATUS_LABELS[entry.to as keyof typeof STATUS_LABELS]
  return EVENT_LABELS[entry.event] ?? entry.event
}

/** The audit note in words: reject reason codes become their labels, a check verdict a phrase. */
function noteText(note: string): string {
  if (note === 'pass') return '检测通过'
  if (note === 'fail') return '检测未通过'
  const codes = note.split(',').map((c) => c.trim())
  if (codes.every((c) => c in REJECT_REASON_LABELS)) {
    return codes.map((c) => REJECT_REASON_LABELS[c as keyof typeof REJECT_REASON_LABELS]).join('、')
  }
  // Internal record ids mean nothing to a student.
  return note.replace(/\s*\b[0-9a-z]{16,}\b/g, '')
}

/** Where a 学历 stands: every state change, newest first. */
export function Timeline({ entries }: { entries: AuditView[] }) {
  if (entries.length === 0) return null
  const sorted = [...entries].sort((a, b) => b.at - a.at)
  return (
    <View className='timeline' aria-label='进度'>
      {sorted.map((entry, index) => (
        <View key={`${entry.at}-${index}`} className={`timeline__item${index === 0 ? ' timeline__item--now' : ''}`}>
          <View className='timeline__dot' />
          <View className='timeline__body'>
            <Text className='timeline__what'>{describe(entry)}</Text>
            {entry.note && <Text className='timeline__note'>{noteText(entry.note)}</Text>}
            <Text className='timeline__when'>{dateTime(entry.at)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}
