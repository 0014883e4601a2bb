import Taro from '@tarojs/taro'

const KEY = 'gradphoto.rulesSeen'

/** The rules are shown before the first shot only. */
export const rulesSeen = (): boolean => Taro.getStorageSync(KEY) === true
export const markRulesSeen = (): void => Taro.setStorageSync(KEY, true)
