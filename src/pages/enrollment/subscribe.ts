import Taro from '@tarojs/taro'

const KEY = 'gradphoto.subscribeAsked'
// The review-result message template of the mini-program (WeChat MP admin console); unset in dev builds.
const TEMPLATE_ID = process.env.TARO_APP_REVIEW_TEMPLATE_ID

/**
 * Asks once for permission to send the review result as a WeChat subscribe message. Never blocks the
 * submission: a refusal or an error only means the result is seen in the app instead.
 */
export async function askReviewSubscriptionOnce(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || !TEMPLATE_ID || Taro.getStorageSync(KEY) === true) return
  Taro.setStorageSync(KEY, true)
  try {
    await Taro.requestSubscribeMessage({ tmplIds: [TEMPLATE_ID], entityIds: [] })
  } catch {
    // Refused or unsupported: nothing else to do.
  }
}
