/**
 * The browser has no WeChat privacy API; the same sheet asks once and the answer is kept on this device, so the
 * H5 and weapp flows match. The server-side record is written by the session after login (privacyConsent: true).
 */
import Taro from '@tarojs/taro'
import { askConsent } from './store'
import type { PrivacyConsent } from './types'

const CONSENT_KEY = 'youlin.privacyConsentAt'
const CONTRACT = '《友邻空间隐私保护指引》'

export const privacyConsent: PrivacyConsent = {
  ensure: async () => {
    if (Taro.getStorageSync(CONSENT_KEY)) return true
    const agreed = await askConsent(CONTRACT)
    if (agreed) Taro.setStorageSync(CONSENT_KEY, Date.now())
    return agreed
  },
  given: () => Promise.resolve(Boolean(Taro.getStorageSync(CONSENT_KEY)))
}
