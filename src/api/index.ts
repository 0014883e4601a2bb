import {
  functions,
  type ActionInput,
  type ActionName,
  type ActionOutput,
  type ActionSpec,
  type FunctionName,
} from '../../cloudfunctions/contracts'
import { cloudTransport } from './cloud'
import { ApiError } from './errors'
import { localTransport } from './local'
import { loadSession } from './session'
import type { Transport, UploadSource } from './transport'

export { ApiError, messageOf } from './errors'
export type { UploadSource } from './transport'

// Replaced at build time: the weapp bundle never contains the fetch transport, the h5 one never wx.cloud.
const transport: Transport = process.env.TARO_ENV === 'weapp' ? cloudTransport : localTransport

/**
 * Calls one backend action. The input is typed by the contracts; the answer is parsed by the action's
 * output schema, so a screen never renders a shape the contracts do not promise.
 */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  const data = await transport.invoke(fn, { action, input }, loadSession()?.token ?? null)
  const spec: ActionSpec = (functions[fn] as Record<string, ActionSpec>)[action]!
  const parsed = spec.output.safeParse(data)
  if (!parsed.success) throw new ApiError('INTERNAL', '服务返回的数据格式不正确，请稍后再试')
  return parsed.data as ActionOutput<F, A>
}

/** Uploads a photo or a 采集码 image; `onProgress` gets 0…1. Resolves with the fileId. */
export function uploadFile(source: UploadSource, onProgress: (ratio: number) => void = () => {}): Promise<string> {
  return transport.upload(source, loadSession()?.token ?? null, onProgress)
}
