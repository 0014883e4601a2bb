import Taro from '@tarojs/taro'
import { unwrapEnvelope } from './envelope'
import { ApiError, networkError } from './errors'
import type { Transport, UploadSource } from './transport'

/**
 * The weapp transport: CloudBase. The platform identifies the caller (OPENID), so no token is sent;
 * functions answer with the same envelope as the local cloud.
 */
async function invoke(fn: string, request: { action: string; input: unknown }): Promise<unknown> {
  let result: unknown
  try {
    result = (await Taro.cloud.callFunction({ name: fn, data: request })).result
  } catch {
    throw networkError()
  }
  return unwrapEnvelope(result)
}

function upload(source: UploadSource, _token: string | null, onProgress: (ratio: number) => void): Promise<string> {
  if (typeof source !== 'string') return Promise.reject(new ApiError('INVALID_INPUT', '请选择照片文件'))
  const extension = /\.(\w+)$/.exec(source)?.[1] ?? 'jpg'
  return new Promise((resolve, reject) => {
    const task = Taro.cloud.uploadFile({
      cloudPath: `uploads/${Date.now()}-${Math.random().toString(36).slice(2, 10)}.${extension}`,
      filePath: source,
      success: (result) => {
        onProgress(1)
        resolve(result.fileID)
      },
      fail: () => reject(networkError()),
    })
    task.onProgressUpdate((event) => onProgress(event.progress / 100))
  })
}

export const cloudTransport: Transport = { invoke: (fn, request) => invoke(fn, request), upload }
