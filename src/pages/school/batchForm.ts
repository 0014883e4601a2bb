import type { ActionInput, BatchKind } from '../../../cloudfunctions/contracts'

export const KIND_LABELS: Record<BatchKind, string> = { campus: '校园集中采集', online: '线上采集', 'walk-in': '散拍/补拍' }

export interface BatchForm {
  name: string
  kind: BatchKind
  starts: string
  ends: string
  payer: 'school' | 'student'
  priceYuan: string
}

const DAY = 24 * 60 * 60 * 1000
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function blankForm(now = Date.now()): BatchForm {
  return { name: '', kind: 'campus', starts: isoDate(now), ends: isoDate(now + 30 * DAY), payer: 'student', priceYuan: '25' }
}

/** A local date `YYYY-MM-DD` as epoch ms at the start (or the end) of that day; NaN when malformed. */
function dayMs(text: string, endOfDay: boolean): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (!match) return Number.NaN
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  return endOfDay ? new Date(y, m - 1, d, 23, 59, 59).getTime() : new Date(y, m - 1, d).getTime()
}

/** The form as `school.createBatch` input, or the first thing to fix. The backend validates again. */
export function toCreateBatch(form: BatchForm): { input: ActionInput<'school', 'createBatch'> } | { error: string } {
  const startsAt = dayMs(form.starts, false)
  const endsAt = dayMs(form.ends, true)
  if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) return { error: '日期格式为 2026-05-01' }
  const priceFen = form.payer === 'school' ? 0 : Math.round(Number(form.priceYuan) * 100)
  if (!Number.isFinite(priceFen)) return { error: '请填写正确的价格' }
  return { input: { name: form.name.trim(), kind: form.kind, startsAt, endsAt, payer: form.payer, priceFen } }
}
