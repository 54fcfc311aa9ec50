/**
 * 商圈协商议事's rules (core/community/deliberation.ts) by hand-worked cases: the tally (counts, shares, winner, ties,
 * nobody voting, turnout), every step of the transition table from every state, eligibility, the ballot's checks, and
 * what a topic shows before and after the close.
 */
import {
  checkBallot,
  decidedAs,
  percent,
  proposalsFrom,
  requireMember,
  stepTo,
  STEPS,
  tallyOf,
  topicView,
  TOPIC_STATUSES,
  type MemberDoc,
  type TopicDoc,
  type TopicStatus,
  type TopicStep,
  votingOpenedAs
} from '@core/community/deliberation'
import { DomainError } from '@core/api/result'

/** What a rule refused with: its code, words and field. */
function refusal(run: () => unknown): { code: string; message: string; field?: string } | undefined {
  try {
    run()
    return undefined
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    return { code: err.code, message: err.message, ...(err.field === undefined ? {} : { field: err.field }) }
  }
}

const proposals = proposalsFrom([
  { title: '北门广场', detail: '' },
  { title: '地下车库', detail: '' },
  { title: '沿街', detail: '' }
])

describe('tally', () => {
  test('counts each proposal, the total, the winner, against the members', () => {
    const t = tallyOf(proposals, { p1: 7, p2: 2, p3: 1 }, 12, 1000)
    expect(t).toEqual({ counts: { p1: 7, p2: 2, p3: 1 }, total: 10, members: 12, winners: ['p1'], closedAt: 1000 })
    expect([percent(7, t.total), percent(2, t.total), percent(1, t.total)]).toEqual([70, 20, 10])
    expect(percent(t.total, t.members)).toBe(83)
  })

  test('a tie names every proposal at the top, in the order listed', () => {
    expect(tallyOf(proposals, { p1: 3, p2: 1, p3: 3 }, 9, 0).winners).toEqual(['p1', 'p3'])
  })

  test('nobody voting: zero counts, no winner, 0% turnout', () => {
    const t = tallyOf(proposals, {}, 5, 0)
    expect(t).toMatchObject({ counts: { p1: 0, p2: 0, p3: 0 }, total: 0, winners: [] })
    expect(percent(0, 0)).toBe(0)
  })

  test('a counter for no listed proposal is not counted', () => {
    expect(tallyOf(proposals, { p1: 1, p9: 4 }, 3, 0)).toMatchObject({ total: 1, winners: ['p1'] })
  })
})

describe('transitions', () => {
  const allowed: Record<TopicStep, Partial<Record<TopicStatus, TopicStatus>>> = {
    schedule: { raised: 'scheduled', scheduled: 'scheduled' },
    openVoting: { scheduled: 'voting' },
    close: { voting: 'closed' },
    decide: { closed: 'decided' },
    followUp: { decided: 'decided' }
  }
  const steps = Object.keys(STEPS) as TopicStep[]
  test.each(steps.flatMap((step) => TOPIC_STATUSES.map((status) => [step, status] as const)))('%s from %s', (step, status) => {
    const to = allowed[step][status]
    if (to) expect(stepTo(status, step)).toBe(to)
    else expect(refusal(() => stepTo(status, step))).toEqual({ code: 'CONFLICT', message: STEPS[step].refusal })
  })

  test('a follow-up marked done ends the topic', () => {
    expect(stepTo('decided', 'followUp', true)).toBe('done')
  })
})

describe('eligibility', () => {
  const member = (over: Partial<MemberDoc>): MemberDoc => ({
    _id: 'venue-ruide_x',
    openid: 'x',
    venueId: 'venue-ruide',
    kind: 'merchant',
    name: '马记牛肉面',
    status: 'approved',
    createdAt: 0,
    updatedAt: 0,
    ...over
  })
  test('an approved member of the district may; no membership, another district, rejected or pending may not', () => {
    expect(requireMember(member({}), 'venue-ruide').name).toBe('马记牛肉面')
    const refused = (m: MemberDoc | null): string => {
      try {
        requireMember(m, 'venue-ruide')
        return 'allowed'
      } catch (err) {
        return err instanceof DomainError ? `${err.code} ${err.message}` : String(err)
      }
    }
    expect(refused(null)).toMatch(/^FORBIDDEN 只有本商圈/)
    expect(refused(member({ venueId: 'venue-youlin' }))).toMatch(/^FORBIDDEN 只有本商圈/)
    expect(refused(member({ status: 'rejected' }))).toMatch(/^FORBIDDEN 只有本商圈/)
    expect(refused(member({ status: 'pending' }))).toMatch(/^FORBIDDEN 入会申请还在审核中/)
  })
})

describe('ballot and view', () => {
  const topic: TopicDoc = {
    _id: 't',
    venueId: 'venue-ruide',
    openid: 'raiser',
    raisedByName: '陇上广告',
    raisedByKind: 'enterprise',
    title: '快递投放点',
    description: '选址',
    status: 'voting',
    proposals,
    closesAt: 2000,
    votes: { p1: 2, p2: 1, p3: 0 },
    createdAt: 0,
    updatedAt: 0
  }
  test('a ballot is checked for the state, the closing time and the proposal', () => {
    expect(() => checkBallot(topic, 'p2', 1999)).not.toThrow()
    expect(() => checkBallot(topic, 'p2', 2000)).toThrow('投票已截止')
    expect(refusal(() => checkBallot(topic, 'p4', 1000))).toEqual({ code: 'INVALID_INPUT', message: '没有这个方案', field: 'proposalId' })
    expect(() => checkBallot({ ...topic, status: 'closed' }, 'p1', 1000)).toThrow('这个议题现在不能投票')
  })

  test('before the close a topic shows turnout only; after, its tally; never the raiser', () => {
    const during = topicView(topic)
    expect(during).toMatchObject({ voted: 3, followUps: [] })
    expect(during).not.toHaveProperty('votes')
    expect(during).not.toHaveProperty('tally')
    expect(during).not.toHaveProperty('openid')
    const tally = tallyOf(proposals, topic.votes ?? {}, 10, 2000)
    expect(topicView({ ...topic, status: 'closed', tally })).toMatchObject({ voted: 3, tally: { winners: ['p1'] } })
  })

  test('a step taken already is recognised only with the same particulars', () => {
    expect(votingOpenedAs(topic, proposalsFrom([{ title: '北门广场', detail: '' }, { title: '地下车库', detail: '' }, { title: '沿街', detail: '' }]), 2000)).toBe(true)
    expect(votingOpenedAs(topic, proposals, 2001)).toBe(false)
    expect(votingOpenedAs(topic, proposals.slice(0, 2), 2000)).toBe(false)
    expect(votingOpenedAs(topic, proposalsFrom([{ title: '北门广场', detail: '' }, { title: '地下车库', detail: '' }, { title: '沿街摆放', detail: '' }]), 2000)).toBe(false)
    expect(votingOpenedAs({ ...topic, status: 'scheduled' }, proposals, 2000)).toBe(false)
    expect(votingOpenedAs({ ...topic, status: 'closed' }, proposals, 2000)).toBe(false)
    const decided: TopicDoc = { ...topic, status: 'decided', decision: '选北门广场。' }
    expect(decidedAs(decided, '选北门广场。')).toBe(true)
    expect(decidedAs(decided, '选地下车库。')).toBe(false)
    expect(decidedAs({ ...decided, status: 'done' }, '选北门广场。')).toBe(false)
    expect(decidedAs({ ...topic, status: 'closed' }, '选北门广场。')).toBe(false)
  })
})
