import { z } from 'zod'
import { unwrapEnvelope } from './envelope'
import { ApiError, networkError } from './errors'
import type { Transport, UploadSource } from './transport'

/**
 * The h5 transport: the local cloud's HTTP protocol (api.md). The H5 build is served by the local
 * cloud itself, so every path is same-origin.
 */
async function post(path: string, body: unknown, token: string | null): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
  } catch {
    throw networkError()
  }
  return unwrapEnvelope(await response.json().catch(() => null))
}

function upload(source: UploadSource, token: string | null, onProgress: (ratio: number) => void): Promise<string> {
  if (typeof source === 'string') return Promise.reject(new ApiError('INVALID_INPUT', '请选择照片文件'))
  return new Promise((resolve, reject) => {
    const form = new FormData()
    form.append('file', source, source instanceof File ? source.name : 'photo.jpg')
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/files')
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onerror = () => reject(networkError())
    xhr.onload = () => {
      try {
        const data = z.object({ fileId: z.string() }).parse(unwrapEnvelope(JSON.parse(xhr.responseText)))
        onProgress(1)
        resolve(data.fileId)
      } catch (error) {
        reject(error instanceof ApiError ? error : networkError())
      }
    }
    xhr.send(form)
  })
}

export const localTransport: Transport = {
  invoke: (fn, request, token) => post(`/api/${fn}`, request, token),
  upload,
}

/** Local mode only: the dev login and the sandbox payment of the local cloud. */
export const devEndpoints = {
  login: (body: { role: string; openid?: string; schoolId?: string }) => post('/api/dev/login', body, null),
  pay: (orderId: string, token: string | null) => post('/api/dev/pay', { orderId }, token),
}
