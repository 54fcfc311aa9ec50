/** WeChat's privacy authorization (base library ≥ 2.32.3): ask before the first personal-data call. */
import Taro from '@tarojs/taro'
import { AGREE_BUTTON_ID, askConsent } from './store'
import type { PrivacyConsent } from './types'

const DEFAULT_CONTRACT = '《友邻空间小程序隐私保护指引》'

interface PrivacySetting {
  needAuthorization: boolean
  privacyContractName: string
}

function privacySetting(): Promise<PrivacySetting> {
  return new Promise((resolve) => {
    // Older base libraries have no privacy API and no authorization to ask for.
    if (typeof Taro.getPrivacySetting !== 'function') {
      resolve({ needAuthorization: false, privacyContractName: DEFAULT_CONTRACT })
      return
    }
    Taro.getPrivacySetting({
      success: (res) => resolve({ needAuthorization: res.needAuthorization, privacyContractName: res.privacyContractName || DEFAULT_CONTRACT }),
      fail: () => resolve({ needAuthorization: true, privacyContractName: DEFAULT_CONTRACT })
    })
  })
}

export const privacyConsent: PrivacyConsent = {
  ensure: async () => {
    const setting = await privacySetting()
    if (!setting.needAuthorization) return true
    return askConsent(setting.privacyContractName)
  },
  given: async () => !(await privacySetting()).needAuthorization
}

// A privacy-guarded API (chooseAvatar, the nickname keyboard, chooseImage…) used before agreement lands here;
// WeChat holds the call until we resolve. Registered once, when this module is first imported (by the session).
if (typeof Taro.onNeedPrivacyAuthorization === 'function') {
  Taro.onNeedPrivacyAuthorization((resolve) => {
    void privacySetting().then(async (setting) => {
      resolve({ event: 'exposureAuthorization' })
      const agreed = await askConsent(setting.privacyContractName)
      resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' })
    })
  })
}
