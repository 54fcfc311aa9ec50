/**
 * Who may call what (issue 10, DESIGN.md ⚑ Roles): one row per action of every function, one cell per kind of caller,
 * each cell `allowed` or the exact error code the caller gets. authorization.test.ts runs every cell against the local
 * cloud and fails when a function serves an action this table has no row for.
 *
 * "this" and "another" are relative to the record a row's sample input targets: the samples point at records of
 * centre A (友邻空间) and organization A (甘肃律师志愿团) owned by `user` (demo-rider), arranged in
 * authorization-fixture.ts. So `anotherUser` asks for someone else's booking, `otherOrganizer` for another centre's
 * data, `otherProvider` for a referral sent to another organization. Each sample is a valid input, so `allowed` means
 * the action did its work for that caller, not merely that validation let it through.
 *
 * The table is typed by FunctionApi: a missing or misspelt action, or a sample the contract would refuse, does not
 * compile; the run-time check covers actions served without being in the contract's types.
 */
import type { ActionInput, ActionName, ErrorCode, FunctionName } from '@core/api'
import { checkinCode } from '@core/booking/checkin'
import { DAY_MS } from '@core/time'
import { shanghaiDate } from '../support/instants'

export const CALLERS = ['none', 'user', 'anotherUser', 'organizer', 'otherOrganizer', 'provider', 'otherProvider', 'admin'] as const
export type Caller = (typeof CALLERS)[number]

export type Expected = 'allowed' | ErrorCode

/** What the samples point at: ids arranged once per run (authorization-fixture.ts). */
export interface Fixture {
  /** Centre A, where every targeted record lives, and a centre B none of them is in. */
  venue: string
  otherVenue: string
  /** A course of centre A, its strike against the owner, and its sessions in the states the booking actions need. */
  courseId: string
  strikeId: string
  /** Bookable, nobody in it. */
  sessionFree: string
  /** In two days; the owner has a confirmed seat. */
  sessionBooked: string
  /** Starting in ten minutes (check-in open), with free seats and demo-courier's confirmed one; its check-in secret. */
  sessionNow: string
  sessionNowSecret: string
  /** A seat held for the owner, waiting for them to confirm it. */
  sessionHeld: string
  /** A lottery class with an entrant, entries closed, not drawn yet. */
  sessionLottery: string
  /** A volunteer activity's slot that ended an hour ago, demo-courier checked in. */
  sessionVolunteer: string
  /** Centre A's published questionnaire (self and visit entries), a draft one, and the owner's response. */
  surveyId: string
  draftSurveyId: string
  responseId: string
  /** A category with draft entries waiting for centre A's review. */
  reviewCode: string
  /** The owner's needs at centre A: one just submitted, one being helped; the referral of a third, helped, to rate. */
  openNeed: string
  otherNeed: string
  ratedReferral: string
  /** Organization A's referrals: one sent (to accept or decline), one accepted (to schedule), one scheduled. */
  sentReferral: string
  acceptedReferral: string
  scheduledReferral: string
  /** Organization A and its service at centre A. */
  orgId: string
  serviceId: string
  // 兼职网格员 随手拍
  /** An open 随手拍 report at centre A (not the owner's), and an application waiting for centre A's decision. */
  gridReport: string
  gridApplication: string
  // 骑士之星 先锋指数
  /** 骑士之星: a party-member rider of centre A, both sides scored this month, no star yet. */
  starRider: string
  /** The month the run scores and publishes: the fixture's, in its last days, so it may be scored. */
  starMonth: string
  // 商圈协商议事
  /** 商圈议事 at centre A: a topic in each state (demo-rider an approved member, not yet voted), an application waiting. */
  raisedTopic: string
  scheduledTopic: string
  votingTopic: string
  closedTopic: string
  decidedTopic: string
  pendingMember: string
  // 组织关系安家 入党申请
  /** The owner's 组织关系 registration at centre A, just submitted. */
  partyRegistration: string
  /** The instant the run happens at (the cloud's clock is stopped there). */
  now: number
}

export interface Row<F extends FunctionName, A extends ActionName<F>> {
  sample: (f: Fixture) => ActionInput<F, A>
  expect: Readonly<Record<Caller, Expected>>
}

export type AuthorizationMatrix = { readonly [F in FunctionName]: { readonly [A in ActionName<F>]: Row<F, A> } }

const every = (verdict: Expected): Record<Caller, Expected> =>
  Object.fromEntries(CALLERS.map((caller) => [caller, verdict])) as Record<Caller, Expected>

/** Public: anyone, with or without an identity. */
const anyone = every('allowed')

/** Any signed-in caller, acting on their own account. */
const signedIn: Record<Caller, Expected> = { ...every('allowed'), none: 'UNAUTHENTICATED' }

/** Only the owner of the record; anyone else is told it is not there (never that it is someone else's). */
const ownerOnly: Record<Caller, Expected> = { ...every('NOT_FOUND'), none: 'UNAUTHENTICATED', user: 'allowed' }

/** Organizers of the record's centre and admins. */
const centreOrganizers: Record<Caller, Expected> = { ...every('FORBIDDEN'), none: 'UNAUTHENTICATED', organizer: 'allowed', admin: 'allowed' }

/** Providers of the organization the referral was sent to. */
const orgProviders: Record<Caller, Expected> = { ...every('FORBIDDEN'), none: 'UNAUTHENTICATED', provider: 'allowed' }

/** A district's approved members (demo-rider at centre A); an organizer's role is no membership. */
const districtMembers: Record<Caller, Expected> = { ...every('FORBIDDEN'), none: 'UNAUTHENTICATED', user: 'allowed' }

/** Personal data in full and the data keys are an admin's alone, audited. */
const adminOnly: Record<Caller, Expected> = { ...centreOrganizers, organizer: 'FORBIDDEN' }
const weeklyEvening = [{ weekday: 3 as const, from: '19:00', to: '21:00' }]

export const MATRIX: AuthorizationMatrix = {
  user: {
    login: { sample: () => ({}), expect: signedIn },
    updateProfile: { sample: () => ({ nickname: '新的昵称' }), expect: signedIn },
    // 我的数据: each caller sees and erases only their own (the store is put back after every cell).
    myData: { sample: () => ({}), expect: signedIn },
    deleteMyData: { sample: () => ({}), expect: signedIn }
  },
  course: {
    listSessions: { sample: () => ({}), expect: anyone },
    listCourses: { sample: () => ({}), expect: anyone },
    getCourse: { sample: (f) => ({ courseId: f.courseId }), expect: anyone },
    listVenues: { sample: () => ({}), expect: anyone },
    subscribeTemplates: { sample: () => ({}), expect: anyone },
    book: { sample: (f) => ({ sessionId: f.sessionFree }), expect: signedIn },
    cancel: { sample: (f) => ({ sessionId: f.sessionBooked }), expect: ownerOnly },
    confirmHold: { sample: (f) => ({ sessionId: f.sessionHeld }), expect: ownerOnly },
    // Whoever is at the door with the code may check in: without a booking, a free seat makes it a walk-in.
    checkin: { sample: (f) => ({ sessionId: f.sessionNow, code: checkinCode(f.sessionNowSecret, f.sessionNow, f.now) }), expect: signedIn },
    myBookings: { sample: () => ({}), expect: signedIn },
    listAllCourses: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    saveCourse: {
      sample: (f) => ({ courseId: f.courseId, title: '书法入门', category: '文化', description: '从握笔开始。', cover: '', instructor: '马老师', venueId: f.venue }),
      expect: centreOrganizers
    },
    generateSessions: {
      sample: (f) => ({
        courseId: f.courseId,
        rule: { weekdays: [2], startTime: '19:00', durationMin: 90, from: shanghaiDate(f.now + DAY_MS), until: shanghaiDate(f.now + 20 * DAY_MS), capacity: 10 }
      }),
      expect: centreOrganizers
    },
    updateSession: { sample: (f) => ({ sessionId: f.sessionBooked, capacity: 12 }), expect: centreOrganizers },
    cancelSession: { sample: (f) => ({ sessionId: f.sessionBooked, reason: '老师生病' }), expect: centreOrganizers },
    roster: { sample: (f) => ({ sessionId: f.sessionBooked }), expect: centreOrganizers },
    markAttendance: { sample: (f) => ({ sessionId: f.sessionNow, openid: 'demo-courier', attended: true }), expect: centreOrganizers },
    checkinCode: { sample: (f) => ({ sessionId: f.sessionNow }), expect: centreOrganizers },
    forgiveStrike: { sample: (f) => ({ strikeId: f.strikeId }), expect: centreOrganizers },
    exportRoster: { sample: (f) => ({ courseId: f.courseId }), expect: centreOrganizers },
    courseStats: { sample: (f) => ({ courseId: f.courseId }), expect: centreOrganizers },
    drawLottery: { sample: (f) => ({ sessionId: f.sessionLottery }), expect: centreOrganizers },
    // 我的数据: each caller sees and erases only their own (the store is put back after every cell).
    myData: { sample: () => ({}), expect: signedIn },
    deleteMyData: { sample: () => ({}), expect: signedIn },
    checkOut: { sample: (f) => ({ sessionId: f.sessionVolunteer, openid: 'demo-courier' }), expect: centreOrganizers },
    checkOutAll: { sample: (f) => ({ sessionId: f.sessionVolunteer }), expect: centreOrganizers },
    // Each caller's own hours (none for most of them: an empty summary is still their answer).
    myVolunteering: { sample: () => ({}), expect: signedIn }
  },
  survey: {
    list: { sample: () => ({}), expect: signedIn },
    get: { sample: (f) => ({ surveyId: f.surveyId }), expect: signedIn },
    saveDraft: { sample: (f) => ({ surveyId: f.surveyId, answers: { idea: '多开晚上的课' }, clientId: 'matrix-draft-0001' }), expect: signedIn },
    submit: { sample: (f) => ({ surveyId: f.surveyId, answers: { idea: '多开晚上的课' }, clientId: 'matrix-submit-0001' }), expect: signedIn },
    listManaged: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    getDefinition: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    save: { sample: (f) => ({ surveyId: f.draftSurveyId, venueId: f.venue, definition: { ...MATRIX_SURVEY, title: '友邻空间意见征集（二）' } }), expect: centreOrganizers },
    publish: { sample: (f) => ({ surveyId: f.draftSurveyId }), expect: centreOrganizers },
    close: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    duplicate: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    results: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    responses: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    export: { sample: (f) => ({ surveyId: f.surveyId }), expect: centreOrganizers },
    voidResponse: { sample: (f) => ({ responseId: f.responseId, reason: '重复填写' }), expect: centreOrganizers },
    reviewList: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    reviewDecide: { sample: (f) => ({ venueId: f.venue, list: 'need', code: f.reviewCode, decision: 'approve' }), expect: centreOrganizers },
    unmask: { sample: (f) => ({ responseId: f.responseId, questionId: 'phone', reason: '电话回访' }), expect: adminOnly },
    rotateKeys: { sample: () => ({ limit: 5 }), expect: adminOnly },
    // 我的数据: each caller sees and erases only their own (the store is put back after every cell).
    myData: { sample: () => ({}), expect: signedIn },
    deleteMyData: { sample: () => ({}), expect: signedIn }
  },
  service: {
    taxonomy: { sample: () => ({}), expect: anyone },
    listServices: { sample: () => ({}), expect: anyone },
    getService: { sample: (f) => ({ serviceId: f.serviceId }), expect: anyone },
    servicePoints: { sample: () => ({}), expect: anyone },
    subscribeTemplates: { sample: () => ({}), expect: anyone },
    // The centre's own figures (small cells shown); the public ones are `anyone`'s, without a scope.
    stats: { sample: (f) => ({ venueId: f.venue, scope: 'centre' }), expect: { ...centreOrganizers, none: 'FORBIDDEN' } },
    // A centre's page: what it has done, to anyone.
    outcomes: { sample: (f) => ({ venueId: f.venue }), expect: anyone },
    suggestCategory: { sample: () => ({ text: '站点拖欠工资怎么办' }), expect: signedIn },
    submitNeed: { sample: (f) => ({ category: 'LEGAL_LABOR', text: '想咨询劳动合同怎么签', venueId: f.venue }), expect: signedIn },
    subscribe: { sample: () => ({ kinds: ['needProgress'] }), expect: signedIn },
    myNeeds: { sample: () => ({}), expect: signedIn },
    withdrawNeed: { sample: (f) => ({ needId: f.openNeed }), expect: ownerOnly },
    rateReferral: { sample: (f) => ({ referralId: f.ratedReferral, rating: 4 }), expect: ownerOnly },
    recordNeed: {
      sample: (f) => ({ venueId: f.venue, category: 'LEGAL', text: '想咨询', group: 'rider', visitPlace: '张掖路', entererName: '小马', verbalConsent: true }),
      expect: centreOrganizers
    },
    listNeeds: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    triageNeed: { sample: (f) => ({ needId: f.openNeed, urgency: 'high' }), expect: centreOrganizers },
    mergeNeed: { sample: (f) => ({ needId: f.openNeed, intoNeedId: f.otherNeed }), expect: centreOrganizers },
    closeNeed: { sample: (f) => ({ needId: f.otherNeed, outcome: 'resolved' }), expect: centreOrganizers },
    match: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    confirmProposals: { sample: (f) => ({ venueId: f.venue, proposals: [{ needId: f.openNeed, serviceId: 'svc-social-dating' }] }), expect: centreOrganizers },
    listReferrals: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    cancelReferral: { sample: (f) => ({ referralId: f.sentReferral, reason: '需求已变化' }), expect: centreOrganizers },
    listManagedServices: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    saveService: {
      sample: (f) => ({
        serviceId: f.serviceId,
        venueId: f.venue,
        orgId: f.orgId,
        title: '夜间法律咨询',
        description: '律师晚间坐班。',
        taxonomy: ['LEGAL'],
        eligibility: { groups: [] },
        locations: [],
        schedules: weeklyEvening,
        capacity: { perPeriod: 6, period: 'week' }
      }),
      expect: centreOrganizers
    },
    setServiceStatus: { sample: (f) => ({ serviceId: f.serviceId, status: 'paused' }), expect: centreOrganizers },
    listResources: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    saveResource: {
      sample: (f) => ({ venueId: f.venue, orgId: f.orgId, kind: 'PROFESSIONAL_LAWYER', title: '律师坐班', quantity: 2, unit: '小时' }),
      expect: centreOrganizers
    },
    listOrganizations: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    saveOrganization: { sample: (f) => ({ orgId: f.orgId, venueId: f.venue, name: '甘肃律师志愿团', kind: 'social' }), expect: centreOrganizers },
    designBoard: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    // Every provider lists its own organizations' referrals; nobody else is a provider.
    myReferrals: { sample: () => ({}), expect: { ...orgProviders, otherProvider: 'allowed' } },
    acceptReferral: { sample: (f) => ({ referralId: f.sentReferral }), expect: orgProviders },
    declineReferral: { sample: (f) => ({ referralId: f.sentReferral, reason: 'no_capacity' }), expect: orgProviders },
    scheduleReferral: { sample: (f) => ({ referralId: f.acceptedReferral, scheduledAt: f.now + 2 * DAY_MS }), expect: orgProviders },
    completeReferral: { sample: (f) => ({ referralId: f.scheduledReferral, outcome: 'helped' }), expect: orgProviders },
    unmask: { sample: (f) => ({ needId: f.openNeed, field: 'text', reason: '电话回访' }), expect: adminOnly },
    rotateKeys: { sample: () => ({ limit: 5 }), expect: adminOnly },
    // 我的数据: each caller sees and erases only their own (the store is put back after every cell).
    myData: { sample: () => ({}), expect: signedIn },
    deleteMyData: { sample: () => ({}), expect: signedIn }
  },
  community: {
    centre: { sample: () => ({ centreId: 'venue-youlin', near: { lat: 36.06, lng: 103.83 } }), expect: anyone },
    // 我的数据: each caller sees and erases only their own (the store is put back after every cell).
    myData: { sample: () => ({}), expect: signedIn },
    deleteMyData: { sample: () => ({}), expect: signedIn },
    // The owner is a 兼职网格员 of 西固 already; anyone else may apply.
    joinGrid: { sample: (f) => ({ venueId: f.venue, outlet: '美团酒泉路站' }), expect: { ...signedIn, user: 'CONFLICT' } },
    myGridMembership: { sample: () => ({}), expect: signedIn },
    report: { sample: () => ({ category: '飞线充电', text: '楼道里有电动车飞线充电', location: { lat: 36.0612, lng: 103.8322 } }), expect: signedIn },
    myReports: { sample: () => ({}), expect: signedIn },
    listGridApplications: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    decideGridApplication: { sample: (f) => ({ applicationId: f.gridApplication, approve: true }), expect: centreOrganizers },
    listReports: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    assignReport: { sample: (f) => ({ reportId: f.gridReport, assignee: '社区物业' }), expect: centreOrganizers },
    resolveReport: { sample: (f) => ({ reportId: f.gridReport, note: '已拆除飞线', photo: 'cloud://local.6c6f-local-1250000000/demo/grid/charge-after.svg' }), expect: centreOrganizers },
    rejectReport: { sample: (f) => ({ reportId: f.gridReport, reason: '不属于本社区' }), expect: centreOrganizers },
    gridStats: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    // A station manager's riders: no caller of the matrix is a scorer (the scorers' own cases are community-stars.test.ts).
    myStarRiders: { sample: (f) => ({ month: f.starMonth }), expect: { ...every('FORBIDDEN'), none: 'UNAUTHENTICATED' } },
    // The community side of a centre A rider: its organizers; a scorer would score the enterprise side.
    scoreRider: {
      sample: (f) => ({ riderId: f.starRider, month: f.starMonth, scores: { volunteer: 5, grid: 4, study: 4, exemplar: 5 } }),
      expect: centreOrganizers
    },
    starRanking: { sample: (f) => ({ venueId: f.venue, month: f.starMonth }), expect: centreOrganizers },
    publishStar: {
      sample: (f) => ({ venueId: f.venue, month: f.starMonth, riderId: f.starRider, citation: '服务亮承诺，零投诉。' }),
      expect: centreOrganizers
    },
    stars: { sample: (f) => ({ venueId: f.venue }), expect: anyone },
    myStar: { sample: () => ({}), expect: signedIn },
    // Membership is per person: anyone signed in applies, and sees their own.
    joinDistrict: { sample: (f) => ({ venueId: f.venue, kind: 'rider', name: '骑手小王' }), expect: signedIn },
    myDistrict: { sample: () => ({}), expect: signedIn },
    topics: { sample: (f) => ({ venueId: f.venue }), expect: anyone },
    topic: { sample: (f) => ({ topicId: f.votingTopic }), expect: anyone },
    // Only the district's approved members raise and vote (demo-rider is one at centre A); roles give no ballot.
    raiseTopic: { sample: (f) => ({ venueId: f.venue, title: '驿站饮水机', description: '希望驿站添一台饮水机，夏天送单口渴。' }), expect: districtMembers },
    vote: { sample: (f) => ({ topicId: f.votingTopic, proposalId: 'p1' }), expect: districtMembers },
    districtMembers: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    decideMember: { sample: (f) => ({ memberId: f.pendingMember, approve: true }), expect: centreOrganizers },
    scheduleMeeting: { sample: (f) => ({ topicId: f.raisedTopic, meetingAt: f.now + 2 * DAY_MS, place: '友邻空间 会议室' }), expect: centreOrganizers },
    openVoting: {
      sample: (f) => ({ topicId: f.scheduledTopic, proposals: [{ title: '划线停放', detail: '' }, { title: '停到后院', detail: '' }], closesAt: f.now + DAY_MS }),
      expect: centreOrganizers
    },
    closeVoting: { sample: (f) => ({ topicId: f.votingTopic }), expect: centreOrganizers },
    publishDecision: { sample: (f) => ({ topicId: f.closedTopic, decision: '门口东侧划线停放。' }), expect: centreOrganizers },
    addFollowUp: { sample: (f) => ({ topicId: f.decidedTopic, text: '已划线。', done: true }), expect: centreOrganizers },
    // 组织关系安家 入党申请
    registerParty: {
      sample: (f) => ({ kind: 'application', name: '王小骑', phone: '13800005678', venueId: f.venue, consent: true }),
      expect: signedIn
    },
    myParty: { sample: () => ({}), expect: signedIn },
    withdrawParty: { sample: (f) => ({ registrationId: f.partyRegistration }), expect: ownerOnly },
    listParty: { sample: (f) => ({ venueId: f.venue }), expect: centreOrganizers },
    partyDetail: { sample: (f) => ({ registrationId: f.partyRegistration }), expect: centreOrganizers },
    followUpParty: { sample: (f) => ({ registrationId: f.partyRegistration, status: 'contacted', note: '已电话联系' }), expect: centreOrganizers },
    rotateKeys: { sample: () => ({ limit: 5 }), expect: adminOnly },
    centres: { sample: () => ({ near: { lat: 36.06, lng: 103.83 } }), expect: anyone }
  }
}

/** Centre A's questionnaire as the organizer saves it: a suggestion, and a phone number behind a consent. */
export const MATRIX_SURVEY: ActionInput<'survey', 'save'>['definition'] = {
  title: '友邻空间意见征集',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'idea', type: 'text', title: '您的建议', required: true, pii: 'none', maxLength: 100 },
        { id: 'ok', type: 'consent', title: '个人信息使用同意', statement: '手机号仅用于回访，加密保存。', required: false, pii: 'none' },
        { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone', consent: 'ok', required: false, maxLength: 20 }
      ]
    }
  ],
  settings: { limit: 'unlimited', channels: ['self', 'proxy'] }
}
