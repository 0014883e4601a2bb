import { ORDER_STATE_LABELS, PHOTO_STATE_LABELS, type EnrollmentStatus, type PhotoReport } from '../cloudfunctions/contracts'

export type CheckResult = NonNullable<PhotoReport['checks']>[number]

/** Short Chinese titles of the engine's checks; the engine's own message says how to fix each one. */
export const CHECK_TITLES: Record<CheckResult['code'], string> = {
  FACE_NOT_FOUND: '未检测到人脸',
  FACE_MULTIPLE: '检测到多张人脸',
  FRAMING_INCOMPLETE: '头部或双肩不完整',
  RESOLUTION_LOW: '分辨率太低',
  HEAD_ROLL: '头部歪斜',
  HEAD_YAW: '脸部没有正对镜头',
  HEAD_PITCH: '仰头或低头',
  EYES_CLOSED: '眼睛没有自然睁开',
  MOUTH_OPEN: '嘴巴张开或露齿',
  BLUR: '照片模糊',
  UNDEREXPOSED: '面部太暗',
  OVEREXPOSED: '面部过亮',
  LIGHTING_UNEVEN: '面部光线不均（阴阳脸）',
  COLOR_CAST: '照片偏色',
  BACKGROUND_CLUTTERED: '背景杂乱',
  CLOTHING_BLENDS: '服装颜色与背景相近',
  MATTE_FAILED: '背景替换失败',
  JPEG_ARTIFACTS: '压缩痕迹明显',
  EDITED_SOFTWARE: '疑似经过美颜或修图',
}

/** Neutral names of the checks, for the reviewers' list of measurements (titles above name the fault). */
export const CHECK_NAMES: Record<CheckResult['code'], string> = {
  FACE_NOT_FOUND: '人脸检测',
  FACE_MULTIPLE: '人脸数量',
  FRAMING_INCOMPLETE: '头部与双肩完整',
  RESOLUTION_LOW: '分辨率',
  HEAD_ROLL: '头部侧倾',
  HEAD_YAW: '左右转头',
  HEAD_PITCH: '仰头低头',
  EYES_CLOSED: '双眼睁开',
  MOUTH_OPEN: '嘴唇闭合',
  BLUR: '清晰度',
  UNDEREXPOSED: '面部亮度（暗）',
  OVEREXPOSED: '面部亮度（亮）',
  LIGHTING_UNEVEN: '光线均匀',
  COLOR_CAST: '色彩',
  BACKGROUND_CLUTTERED: '背景',
  CLOTHING_BLENDS: '服装与背景区分',
  MATTE_FAILED: '背景替换',
  JPEG_ARTIFACTS: '压缩质量',
  EDITED_SOFTWARE: '修图痕迹',
}

export const STATUS_LABELS: Record<EnrollmentStatus, string> = { awaiting_photo: '待上传照片', ...PHOTO_STATE_LABELS }
export { ORDER_STATE_LABELS, PHOTO_STATE_LABELS }

export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`

export function dateTime(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
