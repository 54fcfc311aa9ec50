/** A browser has no subscription messages: the booking goes ahead without asking. */
import type { Subscriptions } from './types'

export const subscriptions: Subscriptions = {
  prepare: () => Promise.resolve(false),
  request: () => Promise.resolve([])
}
