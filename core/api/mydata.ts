/**
 * API of 我的数据 (issue 10, PII): every function that keeps something keyed to a person answers `myData` (what it
 * holds about the caller, in full and readable) and `deleteMyData` (erase it). Each function erases only its own
 * collections, so no function writes another's; the page calls them in ERASE_ORDER and the user account last, so a
 * failure half-way leaves the person signed in and able to retry. Every deleteMyData is idempotent: a retry after a
 * partial failure converges to the same store.
 *
 * Both actions take no input: whose data it is comes from the caller's identity only.
 */
import * as s from '../schema'
import type { BookingStatus } from '../booking/model'
import type { MemberKind, MemberStatus, TopicStatus } from '../community/deliberation'
import type { MembershipStatus, ReportStatus } from '../community/grid'
import type { StarSide } from '../community/stars'
import type { PartyRegistrationView } from './community/party'
import type { StrikeKind } from '../booking/noshow'
import type { NeedStatus, ReferralStatus } from '../matching/model'
import type { MatchingTemplate } from '../matching/notices'
import type { ResponseStatus } from '../survey/model'
import type { UserProfile } from './user'
import type { Action } from './action'

export const myDataSchema = s.object({})
export const deleteMyDataSchema = s.object({})
export type MyDataInput = s.Infer<typeof myDataSchema>
export type DeleteMyDataInput = s.Infer<typeof deleteMyDataSchema>

/** What one function's erasure did, counted per kind of record, for the page's progress and for tests. */
export interface DeleteMyDataOutput {
  /** Records removed outright. */
  removed: number
  /** Records kept for the centre's figures with everything that names the person taken out. */
  anonymized: number
  /** Upcoming bookings cancelled (their seats passed on to the waitlist). */
  cancelled: number
}

export interface UserMyDataOutput {
  /** Null when there is no account (never signed in, or already erased). */
  profile: UserProfile | null
}

export interface MyBookingRecord {
  _id: string
  sessionId: string
  /** The class's title, '' when the session is gone. */
  title: string
  startAt: number
  endAt: number
  status: BookingStatus
  createdAt: number
}

export interface MyStrikeRecord {
  sessionId: string
  kind: StrikeKind
  at: number
  forgiven: boolean
}

export interface CourseMyDataOutput {
  /** Every booking, newest class first. */
  bookings: MyBookingRecord[]
  strikes: MyStrikeRecord[]
  /** Subscribe messages queued or sent to the person (about bookings and needs). */
  messages: number
}

export interface MyAnswerRecord {
  questionId: string
  /** The question as it was asked. */
  title: string
  /** The answer as the person gave it, personal answers decrypted. */
  text: string
}

export interface MyResponseRecord {
  _id: string
  surveyId: string
  title: string
  status: ResponseStatus
  submittedAt?: number
  answers: MyAnswerRecord[]
}

export interface MyDraftRecord {
  surveyId: string
  title: string
  savedAt: number
}

export interface SurveyMyDataOutput {
  responses: MyResponseRecord[]
  drafts: MyDraftRecord[]
}

export interface MyReferralRecord {
  _id: string
  serviceTitle: string
  status: ReferralStatus
}

export interface MyNeedRecord {
  _id: string
  category: string
  /** The category's name in the taxonomy. */
  categoryName: string
  text: string
  status: NeedStatus
  createdAt: number
  referrals: MyReferralRecord[]
}

export interface MyConsentRecord {
  template: MatchingTemplate
  /** Acceptances not used yet. */
  left: number
}

export interface ServiceMyDataOutput {
  needs: MyNeedRecord[]
  consents: MyConsentRecord[]
}

export interface MyGridMembershipRecord {
  venueId: string
  outlet: string
  status: MembershipStatus
  appliedAt: number
}

export interface MyReportRecord {
  _id: string
  /** The category's name (电动车飞线充电). */
  category: string
  text: string
  status: ReportStatus
  createdAt: number
  photos: number
}

export interface MyDistrictRecord {
  venueId: string
  kind: MemberKind
  name: string
  status: MemberStatus
}

export interface MyTopicRecord {
  _id: string
  title: string
  status: TopicStatus
  createdAt: number
}

export interface MyVoteRecord {
  topicId: string
  /** The topic's title and the proposal voted for, '' when the topic is gone. */
  topic: string
  proposal: string
  at: number
}

export interface MyStarRiderRecord {
  venueId: string
  name: string
  station: string
}

export interface MyStarScoreRecord {
  month: string
  side: StarSide
  total: number
}

export interface MyStarAwardRecord {
  venueId: string
  month: string
  index: number
  citation: string
}

/** Function `community`'s part: what each part of the community's life keeps about the person. */
export interface CommunityMyDataOutput {
  /** 兼职网格员: the application and its decision, null when never applied. */
  gridMembership: MyGridMembershipRecord | null
  /** 随手拍: every report, newest first. */
  reports: MyReportRecord[]
  /** 商圈议事: memberships, the topics the person raised and their votes (which proposal, in full). */
  districts: MyDistrictRecord[]
  topicsRaised: MyTopicRecord[]
  votes: MyVoteRecord[]
  /** 骑士之星: the rider's record (station, centre), every side's scores of every month, the months they were the star. */
  starRider: MyStarRiderRecord | null
  starScores: MyStarScoreRecord[]
  starAwards: MyStarAwardRecord[]
  /** 组织关系安家 / 入党意愿: the registrations in full, opened for the person they are about. */
  party: PartyRegistrationView[]
}

/** The two actions of a function holding personal data, answering `O` for 我的数据. */
export interface PersonalDataApi<O> {
  myData: Action<MyDataInput, O>
  deleteMyData: Action<DeleteMyDataInput, DeleteMyDataOutput>
}

/**
 * The order the page erases in: the bookings first (cancelling upcoming ones frees seats for others at once), the
 * account last (until then the person can come back and retry).
 */
export const ERASE_ORDER = ['course', 'survey', 'service', 'community', 'user'] as const
export type ErasingFunction = (typeof ERASE_ORDER)[number]
