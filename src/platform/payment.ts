import Taro from '@tarojs/taro'
import type { PaymentParams } from '../../cloudfunctions/contracts'
import { ApiError } from '../api'
import { devEndpoints } from '../api/local'
import { loadSession } from '../api/session'

/**
 * Pays an order the backend created. weapp: WeChat Pay with the backend's signed parameters; h5: the
 * local cloud's sandbox payment, which sends the same signed notification WeChat Pay would.
 */
export async function pay(orderId: string, payment: PaymentParams): Promise<void> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      await Taro.requestPayment({ ...payment })
    } catch {
      throw new ApiError('INVALID_STATE', '支付未完成，可在订单中重新支付')
    }
    return
  }
  await devEndpoints.pay(orderId, loadSession()?.token ?? null)
}
