/**
 * What organizers and providers read of a need (core/matching privacy.ts, views.ts): health and legal words hidden
 * from organizers, identifiers starred in the rest, the point coarse; a provider reads the words in full when the
 * requester shared their contact, with the numbers starred when they did not; the requester's own view is untouched.
 */
import {
  isSensitiveNeed,
  maskIdentifiers,
  maskedNeedText,
  myNeedView,
  organizerNeedView,
  providerReferralView,
  SENSITIVE_TEXT_MASK
} from '@core/matching'
import { need, referral } from './support/matching-fixtures'

describe('identifiers in free text', () => {
  it.each([
    ['电话13812345678找我', '电话138****5678找我'],
    ['手机 138 1234 5678', '手机 138****5678'],
    ['手机138-1234-5678', '手机138****5678'],
    ['身份证620102198806154321', '身份证6201**********4321'],
    ['身份证62010219880615432X', '身份证6201**********432X'],
    ['工资卡6222021234567890123', '工资卡62***************23'],
    ['座机0931-8812345', '座机09*******45'],
    ['邮箱 wang.shifu@example.com', '邮箱 w***@example.com'],
    ['三个月没发工资，欠了4500元', '三个月没发工资，欠了4500元']
  ])('%s → %s', (text, masked) => {
    expect(maskIdentifiers(text)).toBe(masked)
  })
})

describe('sensitive needs', () => {
  it('health and legal needs, at any level of the taxonomy, are sensitive; others are not', () => {
    for (const code of ['HEALTH', 'HEALTH_MENTAL', 'LEGAL', 'LEGAL_FAMILY', 'LEGAL_TRAFFIC']) expect([code, isSensitiveNeed(code)]).toEqual([code, true])
    for (const code of ['BASIC_CHARGING', 'JOBS', 'SOCIAL_DATING', 'NEED_OTHER']) expect([code, isSensitiveNeed(code)]).toEqual([code, false])
    expect(maskedNeedText('HEALTH_MENTAL', '最近失眠，心里很难受')).toBe(SENSITIVE_TEXT_MASK)
    expect(maskedNeedText('BASIC_CHARGING', '电瓶没电了，打13812345678')).toBe('电瓶没电了，打138****5678')
  })
})

describe('views of one need', () => {
  const legal = need({ text: '老板拖欠工资三个月，电话13812345678' })

  it('organizers: words hidden for a legal need, tokens and requester key gone, the point coarse, what may be unmasked named', () => {
    const view = organizerNeedView(legal)
    expect(view.text).toBe(SENSITIVE_TEXT_MASK)
    expect(view.location).toEqual({ lat: Math.round((legal.location?.lat ?? 0) * 100) / 100, lng: Math.round((legal.location?.lng ?? 0) * 100) / 100, precise: false })
    expect(view.masked).toEqual(['text', 'location'])
    expect(view).not.toHaveProperty('tokens')
    expect(view).not.toHaveProperty('requesterKey')
    const plain = organizerNeedView(need({ category: 'BASIC_CHARGING', text: '找地方充电，电话13812345678', location: undefined }))
    expect(plain).toMatchObject({ text: '找地方充电，电话138****5678', masked: ['text'] })
  })

  it("organizers: a requester's words in status notes have their identifiers starred too", () => {
    const withdrawn = need({
      status: 'withdrawn',
      history: [{ from: 'matching', to: 'withdrawn', at: 1, by: 'requester', note: '已经解决了，有事打13812345678' }],
      closeNote: '已经解决了，有事打13812345678'
    })
    const view = organizerNeedView(withdrawn)
    expect(view.history[0].note).toBe('已经解决了，有事打138****5678')
    expect(view.closeNote).toBe('已经解决了，有事打138****5678')
  })

  it('the provider: the words in full with contact consent, numbers starred without; the point as stored', () => {
    const sent = referral({ status: 'sent' })
    expect(providerReferralView(sent, legal, '法律咨询').need).toMatchObject({ text: legal.text, location: legal.location })
    const withheld = need({ text: legal.text, consent: { shareContact: false, preciseLocation: true } })
    expect(providerReferralView(sent, withheld, '法律咨询').need.text).toBe('老板拖欠工资三个月，电话138****5678')
  })

  it('the requester reads their own words as written', () => {
    expect(myNeedView(legal, []).text).toBe(legal.text)
  })
})
