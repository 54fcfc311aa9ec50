/**
 * One-time subscription messages asked for on a tap. Resolved per platform by Taro: subscribe.weapp.ts
 * (Taro.requestSubscribeMessage with the template ids the `course` or `service` function is configured with) or
 * subscribe.h5.ts (a browser has no subscription messages). Both implement Subscriptions.
 *   subscriptions         the course templates (the booking sheet)
 *   serviceSubscriptions  需求进度 and 待办事项 (the need form, 进度提醒, 新转介提醒我)
 */
import type { MatchingTemplate } from '@core/matching'
import type { Subscriptions } from './types'

export declare const subscriptions: Subscriptions
export declare const serviceSubscriptions: Subscriptions<MatchingTemplate>
