import { Text } from '@tarojs/components'
import type { EnrollmentStatus } from '../../../cloudfunctions/contracts'
import { STATUS_LABELS } from '../../labels'

const TONE: Record<EnrollmentStatus, 'info' | 'wait' | 'good' | 'bad'> = {
  awaiting_photo: 'info',
  checked: 'info',
  pending_review: 'wait',
  withdrawn: 'info',
  rejected: 'bad',
  approved: 'good',
  processing: 'good',
  delivered: 'good',
}

export function StatusTag({ status }: { status: EnrollmentStatus }) {
  return <Text className={`tag tag--${TONE[status]}`}>{STATUS_LABELS[status]}</Text>
}
