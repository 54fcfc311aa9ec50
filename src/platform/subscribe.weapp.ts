/**
 * WeChat: up to three one-time subscriptions in one prompt. The course and the service templates are asked for apart
 * (a booking and a need are different taps), each set's ids fetched from its function; the rules are in
 * one-time-subscriptions.ts.
 */
import Taro from '@tarojs/taro'
import type { SubscriptionKind } from '@core/api'
import type { MatchingTemplate } from '@core/matching'
import { call } from '@/cloud/call'
import { oneTimeSubscriptions, type SubscribePrompt } from './one-time-subscriptions'
import type { Subscriptions } from './types'

const prompt: SubscribePrompt = async (tmplIds) => {
  // Taro's typing asks for Alipay's entityIds as well; WeChat takes tmplIds only.
  const res = await Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option)
  return res as unknown as Record<string, unknown>
}

export const subscriptions: Subscriptions<SubscriptionKind> = oneTimeSubscriptions(async () => {
  const res = await call('course', 'subscribeTemplates', {})
  return res.ok ? res.data.items : null
}, prompt)

export const serviceSubscriptions: Subscriptions<MatchingTemplate> = oneTimeSubscriptions(async () => {
  const res = await call('service', 'subscribeTemplates', {})
  return res.ok ? res.data.items : null
}, prompt)
