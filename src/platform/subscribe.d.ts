/**
 * One-time subscription messages asked for on the booking tap. Resolved per platform by Taro: subscribe.weapp.ts
 * (Taro.requestSubscribeMessage with the template ids the `course` function is configured with) or subscribe.h5.ts
 * (a browser has no subscription messages).
 */
import type { SubscriptionKind } from '@core/api'

/**
 * Fetches the template ids ahead of the tap (WeChat shows the prompt only straight from a user gesture, so there is
 * no time to fetch them then). Resolves with whether there is anything to ask for.
 */
export declare function prepareSubscriptions(): Promise<boolean>
/** Call straight from the tap handler, after prepareSubscriptions. Resolves with the accepted kinds. */
export declare function requestSubscriptions(): Promise<SubscriptionKind[]>
