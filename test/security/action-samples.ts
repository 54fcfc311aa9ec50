/**
 * One valid input per action: what the fuzzer mutates field by field (a near-valid payload reaches past the schema
 * into the function, where the bugs hide). Inputs name records of the seeded demo data, looked up in the store where
 * their ids are made at seeding time, so a mutation of one field leaves the others pointing at something real.
 * Every action must have a sample, and every sample must pass its action's own schema (fuzz.test.ts checks both):
 * a new action fails the fuzz test until it is given one here.
 */
import { FEEDBACK_SURVEY_ID, FEEDBACK_SURVEY_INPUT, NEEDS_SURVEY_ID, RESOURCES_SURVEY_ID } from '../../emulator/demo-surveys'
import { DEMO_PROVIDER_ORG } from '../../emulator/demo-services'
import type { TestDatabase } from '../support/cloud'
import { shanghaiDate } from '../support/instants'
import { DEMO_TOPICS } from '../../emulator/demo-deliberation'
import { openMonth } from '@core/community/stars'
import { DEMO_SCORER } from '../../emulator/demo-stars'

export type Payload = Record<string, unknown>

/**
 * Who a sample is meant for, where the action's kind of caller does not say: the provider's referral work. Otherwise
 * an organizer action is sent as demo-admin and any other as demo-rider.
 */
export const SAMPLE_CALLERS: Readonly<Record<string, string>> = {
  'survey.submit#proxy': 'demo-organizer',
  'service.myReferrals': 'demo-provider',
  'service.acceptReferral': 'demo-provider',
  'service.declineReferral': 'demo-provider',
  'service.scheduleReferral': 'demo-provider',
  'service.completeReferral': 'demo-provider',
  'community.myStarRiders': DEMO_SCORER,
  'community.scoreRider': DEMO_SCORER
}

const DAY_MS = 24 * 3600_000

/**
 * Further samples of an action whose input has branches one sample cannot reach (`fn.action#variant`): an
 * organizer's visit entry (走访录入) and a questionnaire with every kind of answer.
 */
export const SAMPLE_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  'survey.submit': ['proxy', 'resources']
}

/** The first stored document of `collection` matching `query`, by `sort`: an id to aim at, or a visible failure. */
function firstId(db: TestDatabase, collection: string, query: Record<string, unknown>, sort: Record<string, 1 | -1> = { _id: 1 }): string {
  const [doc] = db.find<{ _id: string }>(collection, query, { sort, limit: 1 })
  if (!doc) throw new Error(`the demo data has no ${collection} matching ${JSON.stringify(query)}`)
  return doc._id
}

/** 我的数据 in every function that holds someone's data: no fields, the caller is whom they are about. */
const personalData: Record<string, Payload> = Object.fromEntries(
  ['course', 'survey', 'service', 'community', 'user'].flatMap((fn) => [
    [`${fn}.myData`, {}],
    [`${fn}.deleteMyData`, {}]
  ])
)

/** Samples by `fn.action` (and `fn.action#variant`), for the demo data seeded at `now`. */
export function actionSamples(db: TestDatabase, now: number): Record<string, Payload> {
  const sessionId = firstId(db, 'sessions', { courseId: 'course-yoga', startAt: { $gt: now + DAY_MS } }, { startAt: 1 })
  const pastSessionId = firstId(db, 'sessions', { courseId: 'course-yoga', startAt: { $lt: now } }, { startAt: -1 })
  // A patrol demo-rider served (with hours), for the volunteer check-out.
  const servedSlotId = firstId(db, 'bookings', { courseId: 'vol-gaolanlu-patrol', openid: 'demo-rider', status: 'attended' }, { startAt: -1 }).replace(/_demo-rider$/, '')
  const lotterySessionId = firstId(db, 'sessions', { courseId: 'course-coffee', startAt: { $gt: now + DAY_MS } }, { startAt: 1 })
  // A response with a sealed phone number, so unmask has something to reveal.
  const responseId = firstId(db, 'responses', { surveyId: NEEDS_SURVEY_ID, 'sealed.phone': { $exists: true } })
  const needId = 'need-demo-rider-dating'
  const referralId = 'need-demo-rider-wages_svc-legal-labor'
  const sentReferralId = firstId(db, 'referrals', { status: 'sent' })
  const strikeId = db.find<{ _id: string }>('strikes', {}, { limit: 1 })[0]?._id ?? 'strike-sample'
  const soon = now + 3 * DAY_MS
  const week = { weekday: 3, from: '19:00', to: '21:00' }
  const place = { lat: 36.06105, lng: 103.83208 }

  return {
    'course.listSessions': { from: now, to: now + 7 * DAY_MS, courseId: 'course-yoga' },
    'course.listCourses': { category: '健康', venueId: 'venue-youlin' },
    'course.getCourse': { courseId: 'course-yoga' },
    'course.listVenues': {},
    'course.subscribeTemplates': {},
    'course.book': { sessionId, requestId: 'fuzz-request-0001', subscribe: ['confirmed', 'reminder'] },
    'course.cancel': { sessionId },
    'course.confirmHold': { sessionId },
    'course.checkin': { sessionId, code: '123456' },
    'course.myBookings': { scope: 'upcoming' },
    'course.saveCourse': {
      title: '模糊测试课',
      category: '文化',
      description: '一门课\n两行介绍',
      cover: '',
      instructor: '马老师',
      venueId: 'venue-youlin',
      policy: { weeklyLimit: 2, waitlistLimit: 20 },
      status: 'active'
    },
    'course.listAllCourses': { venueId: 'venue-youlin' },
    'course.generateSessions': {
      courseId: 'course-yoga',
      rule: { weekdays: [2, 4], startTime: '19:00', durationMin: 90, from: shanghaiDate(now + DAY_MS), until: shanghaiDate(now + 15 * DAY_MS), capacity: 12 }
    },
    'course.updateSession': { sessionId, capacity: 20, startAt: soon, endAt: soon + 90 * 60_000, note: '带上瑜伽垫' },
    'course.cancelSession': { sessionId, reason: '老师临时有事' },
    'course.roster': { sessionId },
    'course.markAttendance': { sessionId: pastSessionId, openid: 'demo-rider', attended: true },
    'course.checkinCode': { sessionId },
    'course.exportRoster': { sessionId },
    'course.courseStats': { courseId: 'course-yoga' },
    'course.drawLottery': { sessionId: lotterySessionId },
    'course.forgiveStrike': { strikeId },
    'course.checkOut': { sessionId: servedSlotId, openid: 'demo-rider' },
    'course.checkOutAll': { sessionId: servedSlotId },
    'course.myVolunteering': {},

    'service.taxonomy': { list: 'need' },
    'service.listServices': { category: 'LEGAL', group: 'rider', near: place, radiusM: 5000, openNow: false, venueId: 'venue-youlin', offset: 0, limit: 20 },
    'service.getService': { serviceId: 'svc-legal-night', near: place },
    'service.servicePoints': { near: place, radiusM: 3000, amenity: '充电', openNow: true, withinCircle: false },
    'service.stats': { venueId: 'venue-youlin', scope: 'public' },
    'service.outcomes': { venueId: 'venue-youlin' },
    'service.suggestCategory': { text: '站点拖欠工资，想找律师' },
    'service.subscribeTemplates': {},
    'service.submitNeed': {
      category: 'LEGAL_LABOR',
      text: '想咨询加班费怎么算',
      urgency: 'normal',
      availability: [week],
      location: place,
      consent: { shareContact: true, preciseLocation: false },
      photos: ['cloud://local/photo.png'],
      age: 30,
      subscribe: ['needProgress'],
      venueId: 'venue-youlin',
      clientId: 'fuzz-client-0001'
    },
    'service.subscribe': { kinds: ['needProgress'] },
    'service.myNeeds': {},
    'service.withdrawNeed': { needId, reason: '已经解决了' },
    'service.rateReferral': { referralId, rating: 4, comment: '律师很耐心' },
    'service.recordNeed': {
      category: 'BASIC_REST',
      text: '想找个歇脚的地方',
      venueId: 'venue-youlin',
      group: 'rider',
      visitPlace: '张掖路步行街',
      entererName: '小马',
      verbalConsent: true,
      clientId: 'fuzz-client-0002'
    },
    'service.listNeeds': { venueId: 'venue-youlin', status: 'submitted', category: 'LEGAL', offset: 0, limit: 20 },
    'service.triageNeed': { needId, category: 'SOCIAL_DATING', urgency: 'low' },
    'service.mergeNeed': { needId, intoNeedId: 'need-open-legal-3' },
    'service.closeNeed': { needId, outcome: 'unresolved', reason: '联系不上' },
    'service.match': { venueId: 'venue-youlin', needIds: [needId], topK: 5 },
    'service.confirmProposals': { venueId: 'venue-youlin', proposals: [{ needId, serviceId: 'svc-legal-night' }] },
    'service.listReferrals': { venueId: 'venue-youlin', status: 'sent', offset: 0, limit: 20 },
    'service.cancelReferral': { referralId: sentReferralId, reason: '服务暂停' },
    'service.listManagedServices': { venueId: 'venue-youlin', status: 'active' },
    'service.saveService': {
      venueId: 'venue-youlin',
      orgId: DEMO_PROVIDER_ORG,
      title: '周末法律咨询',
      description: '劳动合同与欠薪咨询',
      taxonomy: ['LEGAL'],
      eligibility: { groups: ['rider', 'courier'], minAge: 16, maxAge: 70 },
      locations: [{ name: '友邻空间', address: '酒泉路', ...place, venueId: 'venue-youlin' }],
      serviceAreaM: 5000,
      schedules: [week],
      capacity: { perPeriod: 5, period: 'week' },
      resourceIds: ['res-lawyer-evening'],
      amenities: ['充电'],
      contactPhone: '0931-8812345'
    },
    'service.setServiceStatus': { serviceId: 'svc-legal-night', status: 'paused' },
    'service.listResources': { venueId: 'venue-youlin', kind: 'PROFESSIONAL_LAWYER' },
    'service.saveResource': {
      venueId: 'venue-youlin',
      orgId: DEMO_PROVIDER_ORG,
      kind: 'PROFESSIONAL_LAWYER',
      title: '周末律师坐班',
      description: '每周六下午',
      quantity: 3,
      unit: '小时',
      availability: [week],
      location: place,
      retired: false
    },
    'service.listOrganizations': { venueId: 'venue-youlin' },
    'service.saveOrganization': {
      venueId: 'venue-youlin',
      name: '酒泉路志愿队',
      kind: 'volunteer',
      description: '周末志愿服务',
      contactName: '李老师',
      contactPhone: '0931-8812345'
    },
    'service.designBoard': { venueId: 'venue-youlin' },
    'service.myReferrals': { status: 'sent' },
    'service.acceptReferral': { referralId: sentReferralId },
    'service.declineReferral': { referralId: sentReferralId, reason: 'no_capacity', note: '本周已满' },
    'service.scheduleReferral': { referralId, scheduledAt: soon, place: '友邻空间' },
    'service.completeReferral': { referralId, outcome: 'helped', note: '已拿到工资' },

    'survey.list': { venueId: 'venue-laojie' },
    'survey.get': { surveyId: FEEDBACK_SURVEY_ID },
    'survey.saveDraft': { surveyId: FEEDBACK_SURVEY_ID, answers: { group: 'rider', uses: ['charging'] }, clientId: 'fuzz-client-0003', version: 1 },
    'survey.submit': {
      surveyId: FEEDBACK_SURVEY_ID,
      answers: { group: 'rider', uses: ['charging', 'water'], rating: 8 },
      clientId: 'fuzz-client-0004',
      version: 1
    },
    'survey.submit#proxy': {
      surveyId: RESOURCES_SURVEY_ID,
      answers: { orgKind: 'volunteer', offers: ['lawyer'], hoursPerMonth: 8, contactConsent: true, contactName: '张律师', contactPhone: '13912345678' },
      clientId: 'fuzz-client-0005',
      proxy: { visitPlace: '酒泉路快递驿站', visitAt: now - 3600_000, location: place, verbalConsent: true, entererName: '小马', respondentPhone: '13912345678' }
    },
    'survey.submit#resources': {
      surveyId: RESOURCES_SURVEY_ID,
      answers: {
        orgKind: 'merchant',
        orgName: '春天便利店',
        offers: ['charging', 'water'],
        hoursPerMonth: 20,
        when: ['weekdayEvening'],
        otherOffer: '冬天有热水\n夏天有凉茶',
        contactConsent: true,
        contactName: '周经理',
        contactPhone: '13912345678'
      },
      clientId: 'fuzz-client-0006'
    },
    'survey.listManaged': { venueId: 'venue-youlin', status: 'published' },
    'survey.getDefinition': { surveyId: NEEDS_SURVEY_ID, version: 1 },
    'survey.save': { venueId: 'venue-youlin', definition: FEEDBACK_SURVEY_INPUT },
    'survey.publish': { surveyId: NEEDS_SURVEY_ID },
    'survey.close': { surveyId: NEEDS_SURVEY_ID },
    'survey.duplicate': { surveyId: NEEDS_SURVEY_ID, title: '需求调查（复制）' },
    'survey.results': { surveyId: NEEDS_SURVEY_ID, shareable: false },
    'survey.responses': { surveyId: NEEDS_SURVEY_ID, channel: 'self', version: 1, offset: 0, limit: 20 },
    'survey.export': { surveyId: NEEDS_SURVEY_ID, reveal: false },
    'survey.voidResponse': { responseId, reason: '重复提交' },
    'survey.reviewList': { venueId: 'venue-youlin', list: 'need' },
    'survey.reviewDecide': { venueId: 'venue-youlin', list: 'need', code: 'LEGAL_LABOR', decision: 'approve', title: '劳动纠纷' },
    'survey.unmask': { responseId, questionId: 'phone', reason: '回访联系' },
    'survey.rotateKeys': { limit: 5 },
    'service.unmask': { needId, field: 'text', reason: '回访联系' },
    'service.rotateKeys': { limit: 5 },

    'community.centre': { centreId: 'venue-youlin', near: { lat: 36.06, lng: 103.83 } },
    // 兼职网格员 随手拍
    'community.joinGrid': { venueId: 'venue-xigu', outlet: '美团西固站', company: '美团外卖' },
    'community.myGridMembership': {},
    'community.report': { category: '垃圾乱堆', text: '路边垃圾堆了好几天', location: { lat: 36.0962, lng: 103.6238 }, photos: ['cloud://local.6c6f-local-1250000000/demo/grid/garbage-before.svg'] },
    'community.myReports': {},
    'community.listGridApplications': { venueId: 'venue-xigu', status: 'pending' },
    'community.decideGridApplication': { applicationId: 'demo-grid-applicant', approve: true, note: '欢迎加入' },
    'community.listReports': { venueId: 'venue-xigu', status: 'open', category: 'FLYING_CHARGE' },
    'community.assignReport': { reportId: 'grid-demo-open-safety', assignee: '社区物业' },
    'community.resolveReport': { reportId: 'grid-demo-open-food', note: '已督促整改', photo: 'cloud://local.6c6f-local-1250000000/demo/grid/charge-after.svg' },
    'community.rejectReport': { reportId: 'grid-demo-open-charge', reason: '不属于本社区' },
    'community.gridStats': { venueId: 'venue-xigu', months: 6 },
    // 骑士之星 先锋指数
    'community.myStarRiders': { month: openMonth(now) },
    'community.scoreRider': { riderId: 'demo-star-ma', month: openMonth(now), scores: { commitment: 4, safety: 5, team: 4 }, note: '准时率高，零投诉' },
    'community.starRanking': { venueId: 'venue-gaolanlu', month: openMonth(now) },
    'community.publishStar': { venueId: 'venue-gaolanlu', month: openMonth(now), riderId: 'demo-star-li', citation: '当好移动探头，随手拍上报隐患全部办结。' },
    'community.stars': { venueId: 'venue-gaolanlu' },
    'community.myStar': { month: openMonth(now) },
    // 商圈协商议事
    'community.joinDistrict': { venueId: 'venue-ruide', kind: 'rider', name: '骑手小王' },
    'community.myDistrict': {},
    'community.topics': { venueId: 'venue-ruide', status: 'voting' },
    'community.topic': { topicId: DEMO_TOPICS.lockers },
    'community.raiseTopic': { venueId: 'venue-ruide', title: '商圈公厕开放时间', description: '晚上九点后公厕就锁门了，夜班骑手和商户不方便。' },
    'community.vote': { topicId: DEMO_TOPICS.lockers, proposalId: 'p1' },
    'community.districtMembers': { venueId: 'venue-ruide', status: 'pending' },
    'community.decideMember': { memberId: 'venue-ruide_demo-resident', approve: true, note: '欢迎加入商圈议事' },
    'community.scheduleMeeting': { topicId: DEMO_TOPICS.noise, meetingAt: now + 3 * DAY_MS, place: '瑞德摩尔商圈党群服务中心 协商议事厅' },
    'community.openVoting': {
      topicId: DEMO_TOPICS.signs,
      proposals: [
        { title: '统一样式，商户自付', detail: '社区出样式，商户自行更换。' },
        { title: '统一样式，物业补贴一半', detail: '购物中心物业补贴一半费用。' }
      ],
      closesAt: now + 7 * DAY_MS
    },
    'community.closeVoting': { topicId: DEMO_TOPICS.lockers },
    'community.publishDecision': { topicId: DEMO_TOPICS.smoking, decision: '商圈室内公共区域全面禁烟，室外设3处吸烟点。' },
    'community.addFollowUp': { topicId: DEMO_TOPICS.parking, text: '停车点运行满一个月，北门消防通道保持畅通。', done: true },
    // 组织关系安家 入党申请
    'community.registerParty': {
      kind: 'relation',
      name: '王建军',
      phone: '13800005678',
      currentOrg: '美团外卖城关站',
      relationAt: '天水市秦州区某村党支部',
      partyMemberSince: '2016年',
      venueId: 'venue-lanmu',
      note: '晚上九点后方便接电话',
      consent: true
    },
    'community.myParty': {},
    'community.withdrawParty': { registrationId: 'party-relation-demo-neighbor-09' },
    'community.listParty': { venueId: 'venue-lanmu', kind: 'relation', status: 'settled' },
    'community.partyDetail': { registrationId: 'party-relation-demo-neighbor-09' },
    'community.followUpParty': { registrationId: 'party-relation-demo-neighbor-09', status: 'transferring', note: '已联系原党支部开具介绍信' },
    'community.rotateKeys': { limit: 5 },
    'community.centres': { near: { lat: 36.06, lng: 103.83 } },

    'user.login': {},
    'user.updateProfile': {
      nickname: '骑手小王',
      avatarUrl: 'https://example.com/a.png',
      group: 'rider',
      community: '酒泉路街道',
      freeTimes: [{ weekday: 1, from: '19:30', to: '21:30' }],
      privacyConsent: true
    },
    ...personalData
  }
}
