/**
 * core/erasure.ts: what an erased person's kept records still hold. Each check names a field that would identify or
 * describe the person if the rule let it through, and one the figures need that must stay.
 */
import { anonymizedBooking, anonymizedDraw, anonymizedEntry, anonymizedNeed, anonymizedReferral, anonymizedResponse, isErasedId } from '@core/erasure'
import type { BookingDoc, LotteryDrawDoc } from '@core/booking'
import type { NeedDoc, ReferralDoc } from '@core/matching'
import type { EntryDoc, ResponseDoc, SurveyDefinition } from '@core/survey'

const ANON = 'erased-0123456789abcdef01234567'

describe('anonymized records', () => {
  it('a booking: re-keyed to the anonymous id, its status and times kept, request and message acceptances gone', () => {
    const booking: BookingDoc & { erasedAs: string } = {
      _id: 's1_rider',
      sessionId: 's1',
      courseId: 'c1',
      openid: 'rider',
      status: 'attended',
      requestId: 'r-1',
      startAt: 1,
      endAt: 2,
      checkedInAt: 1,
      subscribe: ['reminder'],
      notices: [{ kind: 'confirmed', at: 1 }],
      noticePending: true,
      createdAt: 0,
      updatedAt: 1,
      erasedAs: ANON
    }
    const kept = anonymizedBooking(booking, ANON)
    expect(kept).toEqual({ _id: `s1_${ANON}`, sessionId: 's1', courseId: 'c1', openid: ANON, status: 'attended', startAt: 1, endAt: 2, checkedInAt: 1, createdAt: 0, updatedAt: 1 })
    expect(isErasedId(kept.openid)).toBe(true)
  })

  it('a response: closed answers and facets kept; openid, sealed answers, free text and places gone', () => {
    const def = {
      title: 't',
      pages: [
        {
          id: 'p',
          questions: [
            { id: 'needs', type: 'multi', title: 'q', options: [] },
            { id: 'note', type: 'textarea', title: 'q' },
            { id: 'where', type: 'location', title: 'q' },
            { id: 'phone', type: 'text', title: 'q', pii: 'phone' }
          ]
        }
      ],
      settings: {}
    } as unknown as SurveyDefinition
    const response = {
      _id: 'sv_u_rider',
      surveyId: 'sv',
      openid: 'rider',
      clientId: 'c-1',
      phoneHash: 'h',
      answers: { needs: ['legal'], note: '我家住在…', where: { lat: 36, lng: 103 } },
      sealed: { phone: { pii: 'phone', cipher: 'g1.x.y', masked: '139****4321', hash: 'h' } },
      facets: [{ q: 'needs', v: 'legal' }]
    } as unknown as ResponseDoc
    const kept = anonymizedResponse(response, def, ANON)
    expect(kept._id).toBe(`sv_x_${ANON}`)
    expect(kept.clientId).toBe(ANON)
    expect(kept.answers).toEqual({ needs: ['legal'] })
    expect(kept.sealed).toEqual({})
    expect(kept.facets).toEqual([{ q: 'needs', v: 'legal' }])
    expect(JSON.stringify(kept)).not.toMatch(/rider|139|我家|"h"/)
  })

  it('a list entry follows its response without the respondent’s words', () => {
    const entry = { _id: 'sv_u_rider-need-LEGAL', responseId: 'sv_u_rider', list: 'need', code: 'LEGAL', sources: [{ questionId: 'note', label: '其他', text: '我的事' }] } as unknown as EntryDoc
    const kept = anonymizedEntry(entry, `sv_x_${ANON}`)
    expect(kept._id).toBe(`sv_x_${ANON}-need-LEGAL`)
    expect(kept.sources).toEqual([{ questionId: 'note', label: '其他' }])
  })

  it('a need and its referral: the anonymous key, no text, photos, place, age or notes; status and category kept', () => {
    const need = {
      _id: 'n1',
      category: 'LEGAL',
      text: '欠薪',
      tokens: ['欠薪'],
      photos: ['cloud://p'],
      location: { lat: 36, lng: 103, precise: true },
      age: 30,
      requesterKey: 'k',
      sourceRef: 'sv_u_rider',
      status: 'withdrawn',
      closeNote: '不需要了',
      history: [{ to: 'withdrawn', at: 1, by: 'requester', note: '不需要了' }]
    } as unknown as NeedDoc
    const kept = anonymizedNeed(need, ANON)
    expect(kept).toMatchObject({ _id: 'n1', category: 'LEGAL', status: 'withdrawn', requesterKey: ANON, text: '', tokens: [], photos: [] })
    expect(JSON.stringify(kept)).not.toMatch(/欠薪|不需要|rider|precise|"age"/)
    const referral = { _id: 'n1_s1', requesterKey: 'k', status: 'rated', rating: 5, comment: '谢谢张律师', place: '我家楼下', history: [{ to: 'rated', at: 1, by: 'requester', note: '好' }] } as unknown as ReferralDoc
    const keptReferral = anonymizedReferral(referral, ANON)
    expect(keptReferral).toMatchObject({ status: 'rated', rating: 5, requesterKey: ANON })
    expect(JSON.stringify(keptReferral)).not.toMatch(/谢谢|楼下|"好"/)
  })

  it('a lottery draw names the anonymous id wherever it named the person, and nobody else changes', () => {
    const draw = {
      _id: 's1',
      winners: ['rider', 'other'],
      waitlist: [{ openid: 'third', position: 1 }],
      audit: { entrants: [{ openid: 'other' }, { openid: 'rider' }, { openid: 'third' }], order: ['rider', 'other', 'third'] }
    } as unknown as LotteryDrawDoc
    const kept = anonymizedDraw(draw, 'rider', ANON)
    expect(kept.winners).toEqual([ANON, 'other'])
    expect(kept.audit.order).toEqual([ANON, 'other', 'third'])
    expect(kept.audit.entrants.map((e) => e.openid)).toEqual(['other', ANON, 'third'])
    expect(kept.waitlist).toEqual(draw.waitlist)
  })
})
