import Taro from '@tarojs/taro'
import { ApiError } from '../api'

/**
 * Saves the standard photo from a short-lived link. weapp: download, then the album (asks for the
 * album permission); h5: the browser's download.
 */
export async function savePhoto(url: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    return
  }
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url })
  if (statusCode !== 200) throw new ApiError('NOT_FOUND', '下载失败，请稍后重试')
  try {
    await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
  } catch {
    throw new ApiError('FORBIDDEN', '请允许保存到相册后重试')
  }
}
