/**
 * Who hears about a status change, and what they read. Every move of a referral or a need tells the people concerned
 * (the requester in 我的需求, the provider's organization, the centre's organizers); the function writes these notices
 * to the outbox together with the change, and the timer sends them as subscription messages. Keeping the words here
 * keeps them the same on every path (provider action, organizer action, timer).
 *
 * A notice names no one: the function resolves the audience (the need's requester, the organization's providers, the
 * centre's organizers) to recipients. Texts are short, because subscription message fields are.
 */
import { formatDateTime } from '../time'
import { DECLINE_REASON_LABELS, type NeedDoc, type ReferralDoc } from './model'

export const NOTICE_AUDIENCES = ['requester', 'provider', 'organizer'] as const
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number]

/**
 * The subscribe-message templates (订阅消息) matching notices go out with: the requester hears how their need moves on
 * (需求进度), providers and organizers hear of something to do (待办事项). Which id each has is configuration (the
 * service function's templates.ts); queued messages are sent by the course timer's sender with the course ones.
 */
export const MATCHING_TEMPLATES = ['needProgress', 'referralTask'] as const
export type MatchingTemplate = (typeof MATCHING_TEMPLATES)[number]
export const TEMPLATE_OF_AUDIENCE: Readonly<Record<NoticeAudience, MatchingTemplate>> = {
  requester: 'needProgress',
  provider: 'referralTask',
  organizer: 'referralTask'
}

/**
 * A person's unused acceptances of one template (collection `messageConsents`, `_id` messageConsentIdFor). WeChat
 * delivers one message per acceptance of a one-time template, so each acceptance adds one to `left` and each send
 * takes one away, only while some are left; a message queued for someone with none left is not sent.
 */
export interface MessageConsentDoc {
  _id: string
  openid: string
  template: MatchingTemplate
  left: number
  updatedAt: number
}

export const messageConsentIdFor = (openid: string, template: MatchingTemplate): string => `${openid}:${template}`

export interface MatchingNotice {
  audience: NoticeAudience
  /** Short, for the message title field. */
  title: string
  body: string
  needId: string
  referralId?: string
}

/** The notices of a referral that has just reached `referral.status`; `serviceTitle` names the service. */
export function referralNotices(referral: ReferralDoc, serviceTitle: string): MatchingNotice[] {
  const about = { needId: referral.needId, referralId: referral._id }
  const to = (audience: NoticeAudience, title: string, body: string): MatchingNotice => ({ audience, title, body, ...about })
  const service = `“${serviceTitle}”`
  switch (referral.status) {
    case 'sent':
      return [to('requester', '需求已转介', `您的需求已转介给${service}，对方确认后会联系您`), to('provider', '新的转介', '服务中心转来一条需求，请在小程序中接收或婉拒')]
    case 'accepted':
      return [to('requester', '服务方已接收', `${service}已接收您的需求，会和您约定时间`)]
    case 'declined': {
      const reason = referral.declineReason === undefined ? '' : `：${DECLINE_REASON_LABELS[referral.declineReason]}`
      return [to('requester', '正在重新对接', `${service}暂时无法提供服务，我们会继续为您对接`), to('organizer', '转介被婉拒', `${service}婉拒了一条转介${reason}`)]
    }
    case 'scheduled': {
      const when = referral.scheduledAt === undefined ? '' : formatDateTime(referral.scheduledAt)
      const place = referral.place ? `，地点：${referral.place}` : ''
      return [to('requester', '服务已预约', `${service}为您预约了 ${when}${place}`)]
    }
    case 'completed':
      return referral.outcome === 'helped'
        ? [to('requester', '服务已完成', `${service}已完成服务，欢迎评价`)]
        : [to('requester', '正在重新对接', `${service}未能解决您的问题，我们会继续为您对接`), to('organizer', '服务未能解决', `${service}未能解决一条需求，需要重新对接`)]
    case 'rated':
      return [to('provider', '收到评价', `服务对象给了 ${referral.rating ?? 0} 分${referral.comment ? `：${referral.comment}` : ''}`)]
    case 'cancelled': {
      const note = referral.history[referral.history.length - 1]?.note
      return [to('provider', '转介已取消', `一条转介已取消${note ? `：${note}` : ''}`)]
    }
    default:
      return []
  }
}

/**
 * The notices of a need an organizer has just moved to `need.status` (moves that follow a referral are announced by
 * referralNotices; the requester's own withdrawal needs no message to them).
 */
export function needNotices(need: NeedDoc): MatchingNotice[] {
  const to = (title: string, body: string): MatchingNotice[] => [{ audience: 'requester', title, body, needId: need._id }]
  switch (need.status) {
    case 'triaged':
      return to('需求已受理', '服务中心已受理您的需求，正在为您寻找合适的服务')
    case 'resolved':
      return to('需求已解决', '服务中心已将您的需求标记为已解决')
    case 'withdrawn':
      return to('需求已撤回', '服务中心已按您的意思撤回这条需求')
    case 'unresolved':
      return to('需求未能解决', `很抱歉，您的需求未能解决${need.closeNote ? `：${need.closeNote}` : ''}`)
    case 'duplicate':
      return to('需求已合并', '这条需求和您的另一条需求重复，已合并，请在另一条中查看进展')
    default:
      return []
  }
}
