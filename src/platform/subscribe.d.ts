/**
 * One-time subscription messages asked for on the booking tap. Resolved per platform by Taro: subscribe.weapp.ts
 * (Taro.requestSubscribeMessage with the template ids the `course` function is configured with) or subscribe.h5.ts
 * (a browser has no subscription messages). Both implement Subscriptions.
 */
import type { Subscriptions } from './types'

export declare const subscriptions: Subscriptions
