import {
  actOnReferral,
  moveNeed,
  NEED_STATUSES,
  needMoveAfter,
  needNotices,
  REFERRAL_STATUSES,
  referralNotices,
  nextNeedStatuses,
  referralActionsFrom,
  servicesTriedFor,
  type Actor,
  type NeedDoc,
  type NeedStatus,
  type ReferralDoc
} from '@core/matching'
import { need, NOW, referral } from './support/matching-fixtures'

const at = NOW + 60_000

/** Moves a need along, failing the test on a refusal. */
function moved(doc: NeedDoc, to: NeedStatus, by: Actor, extra: { note?: string; duplicateOf?: string } = {}): NeedDoc {
  const result = moveNeed(doc, { to, at, by, ...extra })
  if (!result.ok) throw new Error(result.message)
  return result.value
}

describe('need status machine', () => {
  it('follows submitted → triaged → matching → referred → in_progress → resolved, with history', () => {
    let doc = need({ status: 'submitted' })
    doc = moved(doc, 'triaged', 'organizer')
    doc = moved(doc, 'matching', 'system')
    doc = moved(doc, 'referred', 'organizer')
    expect(doc.firstReferredAt).toBe(at)
    doc = moved(doc, 'in_progress', 'provider')
    doc = moved(doc, 'resolved', 'provider')
    expect(doc.status).toBe('resolved')
    expect(doc.closedAt).toBe(at)
    expect(doc.history.map((step) => `${step.from}→${step.to}:${step.by}`)).toEqual([
      'submitted→triaged:organizer',
      'triaged→matching:system',
      'matching→referred:organizer',
      'referred→in_progress:provider',
      'in_progress→resolved:provider'
    ])
    expect(nextNeedStatuses('resolved')).toEqual([])
  })

  it('refuses illegal moves with a Chinese message, and moves by the wrong person', () => {
    const resolved = need({ status: 'resolved' })
    expect(moveNeed(resolved, { to: 'withdrawn', at, by: 'requester' })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '这条需求已解决，不能再改为“已撤回”'
    })
    expect(moveNeed(need({ status: 'submitted' }), { to: 'in_progress', at, by: 'provider' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '这条需求现在是“已提交”，不能改为“服务中”'
    })
    expect(moveNeed(need({ status: 'matching' }), { to: 'matching', at, by: 'system' })).toMatchObject({ message: '这条需求已经是“正在对接”了' })
    expect(moveNeed(need({ status: 'submitted' }), { to: 'triaged', at, by: 'requester' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '您不能把这条需求改为“已受理”'
    })
    // Every closed status is final.
    for (const status of ['resolved', 'unresolved', 'withdrawn', 'duplicate'] as const) {
      for (const to of NEED_STATUSES) expect(moveNeed(need({ status }), { to, at, by: 'organizer' }).ok).toBe(false)
    }
  })

  it('unresolved needs a reason; duplicate needs another need', () => {
    expect(moveNeed(need(), { to: 'unresolved', at, by: 'organizer', note: '  ' })).toMatchObject({ ok: false, field: 'reason', message: '请说明未能解决的原因' })
    expect(moved(need(), 'unresolved', 'organizer', { note: '服务方无法联系' })).toMatchObject({ status: 'unresolved', closeNote: '服务方无法联系' })
    expect(moveNeed(need({ status: 'submitted' }), { to: 'duplicate', at, by: 'organizer', duplicateOf: 'need-1' })).toMatchObject({
      ok: false,
      field: 'intoNeedId'
    })
    expect(moved(need({ status: 'submitted' }), 'duplicate', 'organizer', { duplicateOf: 'need-0' })).toMatchObject({ status: 'duplicate', duplicateOf: 'need-0' })
  })

  it('the requester may withdraw an open need, not someone else’s step', () => {
    for (const status of ['submitted', 'triaged', 'matching', 'referred', 'in_progress'] as const) {
      expect(moveNeed(need({ status }), { to: 'withdrawn', at, by: 'requester' }).ok).toBe(true)
    }
    expect(moveNeed(need({ status: 'referred' }), { to: 'in_progress', at, by: 'requester' }).ok).toBe(false)
  })
})

/** Applies an action, failing the test on a refusal. */
function acted(doc: ReferralDoc, action: Parameters<typeof actOnReferral>[1], by: Actor, when = at): ReferralDoc {
  const result = actOnReferral(doc, action, by, when)
  if (!result.ok) throw new Error(result.message)
  return result.value
}

describe('referral status machine', () => {
  it('runs proposed → sent → accepted → scheduled → completed → rated', () => {
    let doc = referral()
    doc = acted(doc, { type: 'send' }, 'organizer')
    expect(doc.sentAt).toBe(at)
    doc = acted(doc, { type: 'accept' }, 'provider')
    doc = acted(doc, { type: 'schedule', scheduledAt: at + 86_400_000, place: '友邻空间二楼' }, 'provider')
    doc = acted(doc, { type: 'schedule', scheduledAt: at + 2 * 86_400_000 }, 'provider')
    expect(doc).toMatchObject({ status: 'scheduled', scheduledAt: at + 2 * 86_400_000, place: '友邻空间二楼' })
    doc = acted(doc, { type: 'complete', outcome: 'helped', note: '已帮助申请仲裁' }, 'provider')
    doc = acted(doc, { type: 'rate', rating: 5, comment: '很及时' }, 'requester')
    expect(doc).toMatchObject({ status: 'rated', outcome: 'helped', rating: 5, comment: '很及时' })
    expect(doc.history.map((step) => step.to)).toEqual(['sent', 'accepted', 'scheduled', 'scheduled', 'completed', 'rated'])
    expect(doc.history[4].note).toBe('问题已解决：已帮助申请仲裁')
  })

  it('a decline keeps its reason; only the provider accepts or declines; only the requester rates', () => {
    const sent = referral({ status: 'sent' })
    expect(acted(sent, { type: 'decline', reason: 'no_capacity' }, 'provider')).toMatchObject({ status: 'declined', declineReason: 'no_capacity' })
    expect(actOnReferral(sent, { type: 'accept' }, 'organizer', at)).toEqual({ ok: false, code: 'FORBIDDEN', message: '您不能接收这条转介' })
    expect(actOnReferral(referral({ status: 'completed' }), { type: 'rate', rating: 4 }, 'provider', at)).toMatchObject({ code: 'FORBIDDEN' })
    expect(actOnReferral(sent, { type: 'rate', rating: 4 }, 'requester', at)).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '这条转介现在是“已转介”，不能评价'
    })
    expect(actOnReferral(referral({ status: 'completed' }), { type: 'rate', rating: 6 }, 'requester', at)).toMatchObject({ field: 'rating' })
    expect(actOnReferral(referral({ status: 'accepted' }), { type: 'schedule', scheduledAt: at }, 'provider', at)).toMatchObject({ field: 'scheduledAt' })
    expect(actOnReferral(referral({ status: 'declined' }), { type: 'cancel', note: '撤回' }, 'organizer', at).ok).toBe(false)
  })

  it('lists the actions each status allows', () => {
    expect(referralActionsFrom('sent')).toEqual(['accept', 'decline', 'cancel'])
    expect(referralActionsFrom('completed')).toEqual(['rate'])
    expect(referralActionsFrom('rated')).toEqual([])
  })

  it('moves the need along: sent → referred, accepted → in_progress, declined → back to matching, helped → resolved', () => {
    expect(needMoveAfter(need({ status: 'matching' }), referral({ status: 'sent' }), 0)).toBe('referred')
    expect(needMoveAfter(need({ status: 'referred' }), referral({ status: 'accepted' }), 0)).toBe('in_progress')
    expect(needMoveAfter(need({ status: 'referred' }), referral({ status: 'declined' }), 0)).toBe('matching')
    // Another referral is still open: the need waits on it.
    expect(needMoveAfter(need({ status: 'referred' }), referral({ status: 'declined' }), 1)).toBeUndefined()
    expect(needMoveAfter(need({ status: 'in_progress' }), referral({ status: 'completed', outcome: 'helped' }), 0)).toBe('resolved')
    expect(needMoveAfter(need({ status: 'in_progress' }), referral({ status: 'completed', outcome: 'not_helped' }), 0)).toBe('matching')
    expect(needMoveAfter(need({ status: 'withdrawn' }), referral({ status: 'cancelled' }), 0)).toBeUndefined()
    expect(needMoveAfter(need({ status: 'referred' }), referral({ status: 'sent' }), 0)).toBeUndefined()
    // Every move it proposes is one the need's machine allows.
    for (const status of NEED_STATUSES) {
      for (const r of [referral({ status: 'sent' }), referral({ status: 'accepted' }), referral({ status: 'declined' }), referral({ status: 'completed', outcome: 'not_helped' })]) {
        const to = needMoveAfter(need({ status }), r, 0)
        if (to !== undefined) expect(moveNeed(need({ status }), { to, at, by: 'system' }).ok).toBe(true)
      }
    }
  })

  it('a service tried once is not proposed again for that need', () => {
    expect(servicesTriedFor([referral({ serviceId: 'a', status: 'declined' }), referral({ serviceId: 'b', status: 'sent' })])).toEqual(new Set(['a', 'b']))
  })
})

describe('notices', () => {
  it('tell the requester and the provider about each step of a referral', () => {
    const said = (r: ReferralDoc) => referralNotices(r, '法律咨询').map((n) => `${n.audience}:${n.body}`)
    expect(said(referral({ status: 'sent' }))).toEqual(['requester:您的需求已转介给“法律咨询”，对方确认后会联系您', 'provider:服务中心转来一条需求，请在小程序中接收或婉拒'])
    expect(said(referral({ status: 'declined', declineReason: 'no_capacity' }))).toEqual([
      'requester:“法律咨询”暂时无法提供服务，我们会继续为您对接',
      'organizer:“法律咨询”婉拒了一条转介：名额已满'
    ])
    expect(said(referral({ status: 'scheduled', scheduledAt: NOW, place: '友邻空间二楼' }))).toEqual(['requester:“法律咨询”为您预约了 5月20日 周二 10:00，地点：友邻空间二楼'])
    expect(said(referral({ status: 'rated', rating: 5 }))).toEqual(['provider:服务对象给了 5 分'])
    expect(said(referral({ status: 'proposed' }))).toEqual([])
    for (const status of REFERRAL_STATUSES) {
      for (const notice of referralNotices(referral({ status }), '法律咨询')) expect(notice).toMatchObject({ needId: 'need-1', referralId: 'need-1_svc-legal' })
    }
  })

  it('tell the requester about an organizer’s decision on their need', () => {
    expect(needNotices(need({ status: 'unresolved', closeNote: '暂无对应服务' }))).toEqual([
      { audience: 'requester', title: '需求未能解决', body: '很抱歉，您的需求未能解决：暂无对应服务', needId: 'need-1' }
    ])
    expect(needNotices(need({ status: 'triaged' }))[0].title).toBe('需求已受理')
    expect(needNotices(need({ status: 'matching' }))).toEqual([])
  })
})
