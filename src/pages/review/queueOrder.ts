import Taro from '@tarojs/taro'

const KEY = 'gradphoto.reviewQueue'

/** The queue's order as last shown, so the detail screen can go to the next and previous photo. */
export const rememberQueue = (photoIds: string[]): void => Taro.setStorageSync(KEY, photoIds)

export function neighbour(photoId: string, step: 1 | -1): string | undefined {
  const ids: unknown = Taro.getStorageSync(KEY)
  if (!Array.isArray(ids)) return undefined
  const index = ids.indexOf(photoId)
  const next: unknown = index < 0 ? undefined : ids[index + step]
  return typeof next === 'string' ? next : undefined
}

/** After a decision the photo leaves the queue: forget it, so "next" skips it. */
export function forget(photoId: string): void {
  const ids: unknown = Taro.getStorageSync(KEY)
  if (Array.isArray(ids)) rememberQueue(ids.filter((id): id is string => typeof id === 'string' && id !== photoId))
}
