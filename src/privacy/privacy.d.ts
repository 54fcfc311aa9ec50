/** Resolved per platform by Taro: privacy.weapp.ts (WeChat privacy authorization) or privacy.h5.ts (local record). */
import type { PrivacyConsent } from './types'

export declare const privacyConsent: PrivacyConsent
