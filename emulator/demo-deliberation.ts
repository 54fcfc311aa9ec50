/**
 * Demo data of 商圈协商议事 at 瑞德摩尔商圈 (the seed: 五里铺社区, 个体工商户2425家, 规下企业588家, 规上企业4家; "楼市楼管、
 * 楼市楼办、楼市楼治", "商圈的事大家商量着办"), so every page of the part is alive on first start: a working team of
 * members of every kind (demo-rider and demo-courier approved as riders, demo-resident's application waiting), and
 * a topic in every state but the last — decided with a follow-up under way, closed and tallied awaiting its decision,
 * voting now with ballots cast, scheduled, just raised (an organizer marks the follow-up done). 友邻空间 has
 * a small district of its own, so demo-organizer (who runs only 友邻空间) has a topic to manage too.
 * Timestamps are relative to `now`; ids are fixed, so tests and samples can name them.
 */
import type { MemberDoc, MemberKind, TopicDoc, VoteDoc } from '@core/community/deliberation'
import { tallyOf, voteIdFor } from '@core/community/deliberation'
import { DAY_MS, HOUR_MS, atTimeOfDay, startOfDay } from '@core/time'
import type { UserDoc } from '@core/user'

export const RUIDE = 'venue-ruide'
export const YOULIN = 'venue-youlin'

/** The topic voting now at 瑞德摩尔商圈, and the other states' topics, by id. */
export const DEMO_TOPICS = {
  parking: 'topic-ruide-rider-parking',
  lockers: 'topic-ruide-parcel-point',
  signs: 'topic-ruide-shop-signs',
  smoking: 'topic-ruide-smoke-free',
  noise: 'topic-ruide-night-noise',
  youlinCharging: 'topic-youlin-charging'
} as const

/** The team's members who have no other role in the demo: their accounts, and what they joined as. */
const TEAM: readonly { id: string; nickname: string; kind: MemberKind; name: string }[] = [
  { id: 'demo-ruide-noodles', nickname: '马师傅', kind: 'merchant', name: '马记牛肉面' },
  { id: 'demo-ruide-fruit', nickname: '张姐', kind: 'merchant', name: '五里铺鲜果行' },
  { id: 'demo-ruide-phone', nickname: '小陈', kind: 'merchant', name: '瑞德数码维修' },
  { id: 'demo-ruide-tea', nickname: '杨老板', kind: 'merchant', name: '三泡台茶社' },
  { id: 'demo-ruide-design', nickname: '刘经理', kind: 'enterprise', name: '陇上广告设计有限公司' },
  { id: 'demo-ruide-law', nickname: '何律师', kind: 'enterprise', name: '金城律师事务所' },
  { id: 'demo-ruide-mall', nickname: '赵主任', kind: 'majorEnterprise', name: '瑞德摩尔购物中心' },
  { id: 'demo-ruide-resident', nickname: '李大爷', kind: 'resident', name: '五里铺社区居民代表 李大爷' },
  { id: 'demo-ruide-rider', nickname: '骑手小马', kind: 'rider', name: '骑手小马' }
]

export function deliberationUsers(now: number): UserDoc[] {
  return TEAM.map((m, i) => ({
    _id: m.id,
    nickname: m.nickname,
    avatarUrl: '',
    group: m.kind === 'rider' ? 'rider' : 'other',
    community: '五里铺社区',
    freeTimes: [],
    roles: [],
    strikes: 0,
    privacyConsentAt: now - (60 - i) * DAY_MS,
    createdAt: now - (60 - i) * DAY_MS,
    updatedAt: now - (60 - i) * DAY_MS
  }))
}

function member(venueId: string, openid: string, kind: MemberKind, name: string, joinedAt: number, status: MemberDoc['status'] = 'approved'): MemberDoc {
  return {
    _id: `${venueId}_${openid}`,
    openid,
    venueId,
    kind,
    name,
    status,
    createdAt: joinedAt,
    updatedAt: joinedAt + (status === 'pending' ? 0 : DAY_MS),
    ...(status === 'pending' ? {} : { decidedAt: joinedAt + DAY_MS })
  }
}

function members(now: number): MemberDoc[] {
  return [
    ...TEAM.map((m, i) => member(RUIDE, m.id, m.kind, m.name, now - (50 - i) * DAY_MS)),
    member(RUIDE, 'demo-rider', 'rider', '骑手小王', now - 48 * DAY_MS),
    member(RUIDE, 'demo-courier', 'rider', '快递员小李', now - 47 * DAY_MS),
    member(RUIDE, 'demo-resident', 'resident', '幸福里王阿姨', now - 2 * HOUR_MS, 'pending'),
    member(YOULIN, 'demo-rider', 'rider', '骑手小王', now - 20 * DAY_MS),
    member(YOULIN, 'demo-courier', 'rider', '快递员小李', now - 19 * DAY_MS)
  ]
}

type TopicSeed = Omit<TopicDoc, 'followUps'> & { followUps?: TopicDoc['followUps'] }
const topicDoc = (seed: TopicSeed): TopicDoc => ({ followUps: [], ...seed })

function topics(now: number): { topics: TopicDoc[]; votes: VoteDoc[] } {
  const today = startOfDay(now)
  // Decided a month ago, its follow-up under way: where riders wait for orders without blocking the mall's fire lane.
  const parkingProposals = [
    { id: 'p1', title: '北门广场划线停车区', detail: '购物中心北门广场东侧划出30个电动车位，设“骑手临时停靠”标识。' },
    { id: 'p2', title: '地下车库入口旁', detail: '利用地下车库入口旁空地，离商户较远但不占人行道。' },
    { id: 'p3', title: '沿街分散停放', detail: '在东岗西路沿街商户门前各划2个车位。' }
  ]
  const parkingVotes = { p1: 7, p2: 2, p3: 1 }
  const parkingClosed = now - 33 * DAY_MS
  const parking = topicDoc({
    _id: DEMO_TOPICS.parking,
    venueId: RUIDE,
    openid: 'demo-ruide-rider',
    raisedByName: '骑手小马',
    raisedByKind: 'rider',
    title: '外卖骑手临时停车点设置',
    description: '午高峰商圈门口电动车乱停，挡了消防通道，骑手也常被保安劝离。希望在商圈里划一块骑手临时停车点，大家等单有地方停。',
    status: 'decided',
    meeting: { at: atTimeOfDay(today - 40 * DAY_MS, '15:00'), place: '瑞德摩尔商圈党群服务中心 协商议事厅' },
    proposals: parkingProposals,
    closesAt: parkingClosed,
    votes: parkingVotes,
    tally: tallyOf(parkingProposals, parkingVotes, 11, parkingClosed),
    decision: '按多数意见，在购物中心北门广场东侧划设30个骑手临时停车位，由瑞德摩尔购物中心物业负责划线和日常管理，社区网格员每周巡查一次。',
    decidedAt: now - 32 * DAY_MS,
    followUps: [
      { text: '物业已完成划线，设置“骑手临时停靠”标识牌两块。', at: now - 25 * DAY_MS, done: false },
      { text: '运行两周，午高峰北门消防通道不再被占用；网格员继续每周巡查。', at: now - 10 * DAY_MS, done: false }
    ],
    createdAt: now - 45 * DAY_MS,
    updatedAt: now - 10 * DAY_MS
  })
  const parkingVoters = [...TEAM.filter((m) => m.id !== 'demo-ruide-mall' && m.id !== 'demo-ruide-resident').map((m) => m.id), 'demo-rider', 'demo-courier', 'demo-ruide-mall']
  const parkingBallots: VoteDoc[] = parkingVoters.map((openid, i) => ({
    _id: voteIdFor(DEMO_TOPICS.parking, openid),
    topicId: DEMO_TOPICS.parking,
    venueId: RUIDE,
    openid,
    proposalId: i < 7 ? 'p1' : i < 9 ? 'p2' : 'p3',
    createdAt: parkingClosed - (i + 1) * HOUR_MS
  }))

  // Voting now, closing in two days: demo-rider has not voted; five of the team have.
  const lockerProposals = [
    { id: 'p1', title: '购物中心B1集中投放点', detail: '在B1层设快递集中投放点和智能柜，快递员统一投放，商户和楼宇员工自取。' },
    { id: 'p2', title: '写字楼大堂代收', detail: '各写字楼大堂设代收台，由物业登记代收。' },
    { id: 'p3', title: '社区驿站统一代收', detail: '包裹统一送到五里铺社区驿站，步行约5分钟。' }
  ]
  const lockerVoters = ['demo-ruide-noodles', 'demo-ruide-fruit', 'demo-ruide-design', 'demo-ruide-law', 'demo-courier']
  const lockerChoices = ['p1', 'p1', 'p2', 'p1', 'p3']
  const lockerVotes: Record<string, number> = { p1: 0, p2: 0, p3: 0 }
  for (const choice of lockerChoices) lockerVotes[choice] += 1
  const lockers = topicDoc({
    _id: DEMO_TOPICS.lockers,
    venueId: RUIDE,
    openid: 'demo-ruide-design',
    raisedByName: '陇上广告设计有限公司',
    raisedByKind: 'enterprise',
    title: '商圈快递集中投放点选址',
    description: '楼宇里的快递每天堆在大堂和走廊，快递员找人难，员工取件也难。建议商圈设一个快递集中投放点，请大家商量放在哪里。',
    status: 'voting',
    meeting: { at: atTimeOfDay(today - 3 * DAY_MS, '15:00'), place: '瑞德摩尔商圈党群服务中心 协商议事厅' },
    proposals: lockerProposals,
    closesAt: atTimeOfDay(today + 2 * DAY_MS, '18:00'),
    votes: lockerVotes,
    createdAt: now - 10 * DAY_MS,
    updatedAt: now - 2 * DAY_MS
  })
  const lockerBallots: VoteDoc[] = lockerVoters.map((openid, i) => ({
    _id: voteIdFor(DEMO_TOPICS.lockers, openid),
    topicId: DEMO_TOPICS.lockers,
    venueId: RUIDE,
    openid,
    proposalId: lockerChoices[i],
    createdAt: now - (30 - i) * HOUR_MS
  }))

  // Tallied yesterday, the decision still to be written.
  const smokingProposals = [
    { id: 'p1', title: '商圈室内全面禁烟', detail: '购物中心和写字楼公共区域全面禁烟，室外设3处吸烟点。' },
    { id: 'p2', title: '只在餐饮区禁烟', detail: '餐饮商户店内禁烟，其他区域保持现状。' }
  ]
  const smokingVotes = { p1: 6, p2: 3 }
  const smokingClosed = now - DAY_MS
  const smoking = topicDoc({
    _id: DEMO_TOPICS.smoking,
    venueId: RUIDE,
    openid: 'demo-ruide-noodles',
    raisedByName: '马记牛肉面',
    raisedByKind: 'merchant',
    title: '商圈公共区域控烟',
    description: '楼道和卫生间里常有人吸烟，顾客投诉多，也有火灾隐患。建议商圈一起定个控烟办法。',
    status: 'closed',
    meeting: { at: atTimeOfDay(today - 12 * DAY_MS, '15:00'), place: '瑞德摩尔商圈党群服务中心 协商议事厅' },
    proposals: smokingProposals,
    closesAt: smokingClosed,
    votes: smokingVotes,
    tally: tallyOf(smokingProposals, smokingVotes, 11, smokingClosed),
    createdAt: now - 18 * DAY_MS,
    updatedAt: smokingClosed
  })
  const smokingVoters = ['demo-ruide-noodles', 'demo-ruide-fruit', 'demo-ruide-phone', 'demo-ruide-tea', 'demo-ruide-mall', 'demo-ruide-resident', 'demo-ruide-design', 'demo-ruide-law', 'demo-rider']
  const smokingBallots: VoteDoc[] = smokingVoters.map((openid, i) => ({
    _id: voteIdFor(DEMO_TOPICS.smoking, openid),
    topicId: DEMO_TOPICS.smoking,
    venueId: RUIDE,
    openid,
    proposalId: i < 6 ? 'p1' : 'p2',
    createdAt: smokingClosed - (i + 2) * HOUR_MS
  }))

  const signs = topicDoc({
    _id: DEMO_TOPICS.signs,
    venueId: RUIDE,
    openid: 'demo-ruide-tea',
    raisedByName: '三泡台茶社',
    raisedByKind: 'merchant',
    title: '沿街商户招牌统一规范',
    description: '东岗西路沿街招牌大小不一，有的遮挡了楼上窗户。想请社区牵头，商户们一起商量招牌样式和更换费用怎么分担。',
    status: 'scheduled',
    meeting: { at: atTimeOfDay(today + 5 * DAY_MS, '15:00'), place: '瑞德摩尔商圈党群服务中心 协商议事厅' },
    createdAt: now - 6 * DAY_MS,
    updatedAt: now - 4 * DAY_MS
  })

  const noise = topicDoc({
    _id: DEMO_TOPICS.noise,
    venueId: RUIDE,
    openid: 'demo-ruide-resident',
    raisedByName: '五里铺社区居民代表 李大爷',
    raisedByKind: 'resident',
    title: '夜间装卸货噪音影响居民休息',
    description: '晚上十一点以后还有货车在商圈后门装卸货，声音很大，楼上居民睡不好。希望商户和物业商量一下装卸货的时间。',
    status: 'raised',
    createdAt: now - 20 * HOUR_MS,
    updatedAt: now - 20 * HOUR_MS
  })

  const youlin = topicDoc({
    _id: DEMO_TOPICS.youlinCharging,
    venueId: YOULIN,
    openid: 'demo-courier',
    raisedByName: '快递员小李',
    raisedByKind: 'rider',
    title: '夜间充电柜开放时间',
    description: '晚上十点以后充电区就关了，夜班骑手和快递员换电不方便，希望充电柜夜间也能开放。',
    status: 'raised',
    createdAt: now - 3 * DAY_MS,
    updatedAt: now - 3 * DAY_MS
  })

  return { topics: [parking, smoking, lockers, signs, noise, youlin], votes: [...parkingBallots, ...smokingBallots, ...lockerBallots] }
}

/** The part's collections, for demoData. */
export function deliberationDemo(now: number): Record<string, object[]> {
  const { topics: topicDocs, votes } = topics(now)
  return { deliberationMembers: members(now), deliberationTopics: topicDocs, deliberationVotes: votes }
}
