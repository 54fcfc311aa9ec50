/** A browser has no subscription messages: the booking goes ahead without asking. */
import type { SubscriptionKind } from '@core/api'

export const prepareSubscriptions = async (): Promise<boolean> => false

export const requestSubscriptions = async (): Promise<SubscriptionKind[]> => []
