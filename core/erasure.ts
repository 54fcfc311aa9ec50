/**
 * What 我的数据 → 删除 leaves of a person (issue 10, PII): the pure half of each function's deleteMyData. Records that
 * feed the centre's figures (past attendance, strikes, submitted questionnaire statistics, needs and referrals) are
 * kept under an anonymous id with every field that names or describes the person taken out, so counts stay right;
 * everything else (the account, drafts, message consents, queued messages) is removed by the functions outright.
 *
 * The anonymous id is random (the function draws it), never derived from the openid: nobody, the operator included,
 * can link the kept records back to the person. One id per person and function keeps "distinct people" figures right.
 * It starts with ERASED_PREFIX, which no openid issued by WeChat or the H5 shell does.
 */
import { bookingIdFor, type BookingDoc } from './booking/model'
import type { LotteryDrawDoc } from './booking/lottery'
import type { StrikeDoc } from './booking/noshow'
import type { NeedDoc, ReferralDoc, StatusChange } from './matching/model'
import { allQuestions, type QuestionType, type SurveyDefinition } from './survey/definition'
import { entryIdFor } from './survey/entries'
import type { EntryDoc, ResponseDoc } from './survey/model'
import type { Answers } from './survey/values'

export const ERASED_PREFIX = 'erased-'

export const isErasedId = (id: string): boolean => id.startsWith(ERASED_PREFIX)

/** Marks a record chosen for erasure with the anonymous id it gets, so a retry after a crash reuses that id. */
export interface ErasureMark {
  erasedAs?: string
}

/**
 * A booking kept for attendance figures: re-keyed to the anonymous id; the request id, the person's message
 * acceptances and unsent notices go (nobody is left to message).
 */
export function anonymizedBooking(booking: BookingDoc & ErasureMark, anonId: string): BookingDoc {
  const { _id, openid, requestId, subscribe, notices, noticePending, erasedAs, ...kept } = booking
  return { ...kept, _id: bookingIdFor(booking.sessionId, anonId), openid: anonId }
}

/** A strike kept for the session's no-show figures, under the anonymous booking id. */
export function anonymizedStrike(strike: StrikeDoc & ErasureMark, anonId: string): StrikeDoc {
  const { _id, openid, erasedAs, ...kept } = strike
  return { ...kept, _id: bookingIdFor(strike.sessionId, anonId), openid: anonId }
}

/** Answers kept in an anonymized response: the closed kinds the results count. Free text, places and photos go. */
const KEPT_ANSWER_TYPES: ReadonlySet<QuestionType> = new Set<QuestionType>(['single', 'multi', 'number', 'rating', 'date', 'region'])

export const anonymizedResponseId = (surveyId: string, anonId: string): string => `${surveyId}_x_${anonId}`

/**
 * A submitted response kept for the survey's results and quotas: its facets (which hold no text) and its closed
 * answers stay; the openid, the sealed personal answers (cipher, masked form and dedupe hash) and every free-text or
 * location answer go. The client id becomes the anonymous id (it is unique per survey by index).
 */
export function anonymizedResponse(response: ResponseDoc & ErasureMark, def: SurveyDefinition | null, anonId: string): ResponseDoc {
  const { _id, openid, sealed, phoneHash, clientId, erasedAs, answers, ...kept } = response
  const types = new Map((def ? allQuestions(def) : []).map((q) => [q.id, q.type]))
  const closed: Answers = {}
  for (const [id, value] of Object.entries(answers)) {
    const type = types.get(id)
    if (type !== undefined && KEPT_ANSWER_TYPES.has(type)) closed[id] = value
  }
  return { ...kept, _id: anonymizedResponseId(response.surveyId, anonId), clientId: anonId, answers: closed, sealed: {} }
}

/** A list entry of an erased response: under the new response id, without the respondent's own words. */
export function anonymizedEntry(entry: EntryDoc, responseId: string): EntryDoc {
  return {
    ...entry,
    _id: entryIdFor(responseId, entry.list, entry.code),
    responseId,
    sources: entry.sources.map(({ text, ...source }) => source)
  }
}

const withoutNotes = <S extends string>(history: readonly StatusChange<S>[]): StatusChange<S>[] => history.map(({ note, ...step }) => step)

/**
 * A need kept for the 需求清单's figures (category, status, urgency, group, times): the requester key becomes the
 * anonymous key; the text, its tokens, photos, place, age, the free-text notes and the link to the source record go.
 */
export function anonymizedNeed(need: NeedDoc, anonKey: string): NeedDoc {
  const { text, tokens, photos, location, age, closeNote, sourceRef, history, requesterKey, ...kept } = need
  return { ...kept, requesterKey: anonKey, text: '', tokens: [], photos: [], history: withoutNotes(history) }
}

/** A referral kept for the service's figures: the anonymous key, without the requester's comment or the meeting place. */
export function anonymizedReferral(referral: ReferralDoc, anonKey: string): ReferralDoc {
  const { comment, place, history, requesterKey, ...kept } = referral
  return { ...kept, requesterKey: anonKey, history: withoutNotes(history) }
}

/**
 * A lottery draw record with the person's openid replaced by the anonymous id wherever it names them. The recorded
 * entrants digest stays as drawn (it is what was published), so re-running that one draw no longer reproduces it.
 */
export function anonymizedDraw(draw: LotteryDrawDoc, openid: string, anonId: string): LotteryDrawDoc {
  const swap = (id: string): string => (id === openid ? anonId : id)
  return {
    ...draw,
    winners: draw.winners.map(swap),
    waitlist: draw.waitlist.map((w) => ({ ...w, openid: swap(w.openid) })),
    audit: { ...draw.audit, entrants: draw.audit.entrants.map((e) => ({ ...e, openid: swap(e.openid) })), order: draw.audit.order.map(swap) }
  }
}
