/** A browser has no subscription messages: a booking or a need goes ahead without asking, and no 提醒 button shows. */
import type { MatchingTemplate } from '@core/matching'
import type { Subscriptions } from './types'

export const subscriptions: Subscriptions = {
  prepare: () => Promise.resolve(false),
  request: () => Promise.resolve([])
}

export const serviceSubscriptions: Subscriptions<MatchingTemplate> = {
  prepare: () => Promise.resolve(false),
  request: () => Promise.resolve([])
}
