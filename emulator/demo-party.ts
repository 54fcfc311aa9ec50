/**
 * Demo registrations of 组织关系安家 and 入党申请 (issue 12), sealed with the store's data keys at seeding time as the
 * function seals them (cloudfunctions/community/repo/party.ts), so the demo reads like real data and nothing political
 * sits in the clear even in a developer's store.
 *
 * 岚沐文创园 shows the article's figures as ended follow-ups: "已经有3名党员找到了党组织，实现组织关系安家，4名快递员、
 * 外卖员提交了入党申请书" — three relations settled and four applications guided. 友邻空间 has work waiting for
 * demo-organizer (a member just registered, one already called, demo-courier's wish to apply), 兰州老街 a transfer under
 * way for its own organizer. demo-rider has none, so the demo rider can register.
 */
import { followedUp, newPartyRegistration, type PartyKind, type PartyPerson, type PartyRegistrationDoc, type PartyStatus } from '@core/community/party'
import { DAY_MS, HOUR_MS } from '@core/time'
import type { DataKeys } from '../cloudfunctions/_shared/sealing'
import { sealRegistration } from '../cloudfunctions/community/repo/party'

interface Spec {
  openid: string
  kind: PartyKind
  venueId: string
  person: PartyPerson
  daysAgo: number
  /** The organizer's steps after the registration, each with how many days after it and what they noted. */
  steps: readonly (readonly [PartyStatus, number, string?])[]
}

const LANMU = 'venue-lanmu'
const YOULIN = 'venue-youlin'
const LAOJIE = 'venue-laojie'

const SPECS: readonly Spec[] = [
  {
    openid: 'demo-neighbor-01',
    kind: 'relation',
    venueId: LANMU,
    person: { name: '张志强', phone: '13893120101', currentOrg: '美团外卖七里河站', relationAt: '定西市安定区内官营镇党委', partyMemberSince: '2014年', note: '来兰州跑外卖三年了，组织关系一直在老家' },
    daysAgo: 62,
    steps: [
      ['contacted', 1, '已电话联系，约好周六来中心'],
      ['transferring', 6, '已开具组织关系介绍信'],
      ['settled', 20, '组织关系已转入建兰路街道新兴领域党支部']
    ]
  },
  {
    openid: 'demo-neighbor-04',
    kind: 'relation',
    venueId: LANMU,
    person: { name: '杨杰', phone: '13609310404', currentOrg: '饿了么兰州西站', relationAt: '临洮县洮阳镇某社区党支部', partyMemberSince: '2019年' },
    daysAgo: 48,
    steps: [
      ['contacted', 2],
      ['transferring', 5, '原党支部已同意转出'],
      ['settled', 16, '已编入岚沐文创园快递外卖党小组']
    ]
  },
  {
    openid: 'demo-neighbor-10',
    kind: 'relation',
    venueId: LANMU,
    person: { name: '周磊', phone: '18993140110', currentOrg: '蜂鸟即配', relationAt: '兰州理工大学学生党支部（毕业未转出）', partyMemberSince: '2017年' },
    daysAgo: 35,
    steps: [
      ['contacted', 1, '毕业后关系留在学校，需学校开具介绍信'],
      ['settled', 14, '组织关系已转入建兰路街道新兴领域党支部']
    ]
  },
  ...(
    [
      ['demo-neighbor-02', '刘建国', '13919310202', '中通快递七里河网点', 40],
      ['demo-neighbor-05', '王磊', '15109310505', '顺丰速运建兰路营业部', 33],
      ['demo-neighbor-12', '何晓东', '17793110612', '京东物流七里河站', 27],
      ['demo-neighbor-13', '林浩', '13830910713', '美团外卖七里河站', 22]
    ] as const
  ).map(
    ([openid, name, phone, currentOrg, daysAgo]): Spec => ({
      openid,
      kind: 'application',
      venueId: LANMU,
      person: { name, phone, currentOrg, note: '想向党组织靠拢，不知道怎么写入党申请书' },
      daysAgo,
      steps: [
        ['contacted', 2, '已介绍入党流程，邀请参加周三的学习培训会'],
        ['guided', 12, '已向建兰路街道新兴领域党支部递交入党申请书']
      ]
    })
  ),
  {
    openid: 'demo-neighbor-18',
    kind: 'relation',
    venueId: YOULIN,
    person: { name: '冯小军', phone: '13519310818', currentOrg: '美团外卖城关站', relationAt: '会宁县某村党支部', partyMemberSince: '2020年', note: '白天送单，晚上八点后方便接电话' },
    daysAgo: 1,
    steps: []
  },
  {
    openid: 'demo-neighbor-09',
    kind: 'relation',
    venueId: YOULIN,
    person: { name: '孙涛', phone: '13893160909', currentOrg: '闪送兰州城关区', relationAt: '白银市平川区某社区党委', partyMemberSince: '2012年' },
    daysAgo: 5,
    steps: [['contacted', 1, '已电话联系，需先与原社区党委确认']]
  },
  {
    openid: 'demo-courier',
    kind: 'application',
    venueId: YOULIN,
    person: { name: '马晓东', phone: '13993120088', currentOrg: '韵达快递酒泉路网点', note: '想了解入党需要什么条件' },
    daysAgo: 3,
    steps: []
  },
  {
    openid: 'demo-neighbor-15',
    kind: 'relation',
    venueId: LAOJIE,
    person: { name: '邓宏伟', phone: '18919311515', currentOrg: '饿了么兰州老街站', relationAt: '榆中县某镇党委', partyMemberSince: '2018年' },
    daysAgo: 9,
    steps: [
      ['contacted', 1],
      ['transferring', 4, '原党委已开具介绍信，等待土门墩街道接收']
    ]
  }
]

function registrationOf(spec: Spec, now: number): PartyRegistrationDoc {
  const at = now - spec.daysAgo * DAY_MS + 10 * HOUR_MS
  const first = newPartyRegistration({ kind: spec.kind, venueId: spec.venueId, person: spec.person }, spec.openid, at)
  return spec.steps.reduce((registration, [status, after, note]) => followedUp(registration, status, note, at + after * DAY_MS), first)
}

/** Every demo registration, sealed with the store's keys. */
export function demoPartyData(now: number, keys: DataKeys): Record<string, object[]> {
  return { partyRegistrations: SPECS.map((spec) => sealRegistration(keys, registrationOf(spec, now))) }
}
