/**
 * 兼职网格员 随手拍 through the local cloud (DESIGN.md ⚑ community.report, community.myReports): a report in the words
 * people use, refused text writing nothing, the handler's steps each telling the reporter, duplicates linked, one
 * centre's handler seeing nothing of another's, the monthly counts, and joining the team.
 */
import type { NotificationDoc } from '@core/booking'
import type { GridMemberDoc, GridReportDoc } from '@core/community/grid'
import { HOUR_MS } from '@core/time'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community'] })
  cloud.db.insert('users', [
    { _id: 'grid-organizer-laojie', nickname: '老街小周', avatarUrl: '', group: 'other', community: '', freeTimes: [], roles: ['organizer'], venueIds: ['venue-laojie'], strikes: 0, createdAt: 0, updatedAt: 0 }
  ])
})
afterAll(() => cloud.close())

/** Beside 友邻空间, on 张掖路. */
const NEAR_YOULIN = { lat: 36.0614, lng: 103.8325 }
const PHOTO = 'cloud://local.6c6f-local-1250000000/demo/grid/charge-before.svg'
const AFTER = 'cloud://local.6c6f-local-1250000000/demo/grid/charge-after.svg'

const reports = (query: Record<string, unknown>) => cloud.db.find<GridReportDoc>('gridReports', query)
const messages = (subjectId: string) => cloud.db.find<NotificationDoc>('notifications', { subjectId })

describe('report', () => {
  test('takes the short names people say; a member’s report goes to their team’s centre, flagged as a member’s', async () => {
    const reply = await cloud.call('community', 'report', { category: '飞线充电', text: '张掖路小区楼道飞线充电', location: NEAR_YOULIN, photos: [PHOTO] }, 'demo-rider')
    const { report } = data(reply.body)
    expect(report).toMatchObject({ status: 'open', venueId: 'venue-xigu', member: true })
    const [stored] = reports({ _id: report._id })
    expect(stored).toMatchObject({ openid: 'demo-rider', category: 'FLYING_CHARGE', outlet: '美团西固站', photos: [PHOTO], month: '2026-11' })
  })

  test('a non-member may report too: to the nearest centre, not counted as a member’s', async () => {
    const { report } = data((await cloud.call('community', 'report', { category: '垃圾乱堆', text: '张掖路口垃圾堆了三天', location: NEAR_YOULIN }, 'demo-resident')).body)
    expect(report).toMatchObject({ status: 'open', venueId: 'venue-youlin', member: false })
    expect(reports({ _id: report._id })[0].category).toBe('GARBAGE')
  })

  test('text WeChat flags is refused with the field named, and nothing is written', async () => {
    const before = reports({}).length
    const reply = await cloud.call('community', 'report', { category: '安全隐患', text: '有人在这里代开发票', location: NEAR_YOULIN }, 'demo-resident')
    expect(reply.body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'text' })
    expect(reports({}).length).toBe(before)
  })

  test('an unknown category is refused in Chinese, naming the field', async () => {
    const reply = await cloud.callUntyped('community', { action: 'report', category: '天气', text: '下雨', location: NEAR_YOULIN }, 'demo-resident')
    expect(reply.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category', message: '问题类别不在清单中，请从清单中选择' })
  })

  test('a second report of the same problem nearby is linked to the first', async () => {
    const first = data((await cloud.call('community', 'report', { category: '公共设施损坏', text: '井盖破了', location: { lat: 36.0630, lng: 103.8330 } }, 'demo-courier')).body).report
    const second = data((await cloud.call('community', 'report', { category: '设施损坏', text: '这里井盖坏了', location: { lat: 36.0633, lng: 103.8331 } }, 'demo-resident')).body).report
    expect(second).toMatchObject({ status: 'duplicate', duplicateOf: first._id })
    const farReply = await cloud.call('community', 'report', { category: '公共设施损坏', text: '另一处井盖', location: { lat: 36.0700, lng: 103.8330 } }, 'demo-resident')
    expect(data(farReply.body).report.status).toBe('open')
    // Not the caller's first write (which opens their write-limit records): the budget's common case.
    expect(farReply.dbOps).toBeLessThanOrEqual(5)
  })

  test('我的随手拍 lists only the caller’s own, newest first', async () => {
    const reply = await cloud.call('community', 'myReports', {}, 'demo-rider')
    const { items } = data(reply.body)
    expect(items.length).toBeGreaterThan(1)
    expect(new Set(reports({ openid: 'demo-rider' }).map((r) => r._id))).toEqual(new Set(items.map((r) => r._id)))
    expect(items[0]).toMatchObject({ categoryName: '电动车飞线充电', statusLabel: '待处理', venueName: '西固区' })
    expect(reply.dbOps).toBe(2)
  })
})

describe('the handler', () => {
  let reportId: string
  let duplicateId: string
  beforeAll(async () => {
    reportId = data((await cloud.call('community', 'report', { category: '安全隐患', text: '消防通道被堵', location: { lat: 36.0600, lng: 103.8300 } }, 'demo-courier')).body).report._id
    duplicateId = data((await cloud.call('community', 'report', { category: '隐患', text: '消防通道又被堵了', location: { lat: 36.0601, lng: 103.8300 } }, 'demo-resident')).body).report._id
  })

  test('rejects with a reason the reporter reads', async () => {
    const reply = await cloud.call('community', 'rejectReport', { reportId: 'grid-demo-youlin-facility', reason: '已由市政处理' }, 'demo-organizer')
    expect(data(reply.body).report).toMatchObject({ status: 'rejected', rejectReason: '已由市政处理' })
    expect(messages('grid-demo-youlin-facility').map((m) => [m.openid, m.data.phrase2.value])).toEqual([['demo-resident', '未受理']])
  })

  test('assigns, then resolves with a photo; each step tells the reporter, the resolution also the duplicate’s reporter', async () => {
    const assigned = await cloud.call('community', 'assignReport', { reportId, assignee: '社区物业' }, 'demo-organizer')
    expect(data(assigned.body)).toMatchObject({ report: { status: 'assigned', assignee: '社区物业' }, notified: 1 })
    expect(assigned.dbOps).toBeLessThanOrEqual(7)
    const resolved = await cloud.call('community', 'resolveReport', { reportId, note: '已清理杂物', photo: AFTER }, 'demo-organizer')
    expect(data(resolved.body)).toMatchObject({ report: { status: 'resolved', resolution: { note: '已清理杂物', photo: AFTER } }, notified: 2 })
    expect(resolved.dbOps).toBeLessThanOrEqual(8)

    const sent = messages(reportId)
    expect(sent.map((m) => [m.openid, m.kind, m.data.phrase2.value]).sort()).toEqual([
      ['demo-courier', 'report-assigned', '处置中'],
      ['demo-courier', 'report-resolved', '已解决'],
      ['demo-resident', 'report-resolved', '已解决']
    ])
    expect(sent[0]).toMatchObject({ template: 'needProgress', page: 'packages/grid/mine', status: 'pending' })
    const audits = cloud.db.find<{ action: string; actor: string }>('audit', { target: `gridReports/${reportId}` })
    expect(audits.map((a) => a.action).sort()).toEqual(['assignReport', 'resolveReport'])

    const mine = data((await cloud.call('community', 'myReports', {}, 'demo-courier')).body).items.find((r) => r._id === reportId)
    expect(mine?.history.map((e) => e.status)).toEqual(['open', 'assigned', 'resolved'])
    expect(mine?.resolution?.photo).toBe(AFTER)
    expect(reports({ _id: duplicateId })[0].status).toBe('duplicate')
  })

  test('a settled report takes no more steps', async () => {
    const reply = await cloud.call('community', 'rejectReport', { reportId, reason: '重复' }, 'demo-organizer')
    expect(reply.body).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  test('resolving needs a photo', async () => {
    const reply = await cloud.callUntyped('community', { action: 'resolveReport', reportId: 'grid-demo-youlin-charge', note: '修好了' }, 'demo-organizer')
    expect(reply.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'photo' })
  })

  test('lists the centre’s reports with points for the map of those still being handled', async () => {
    const reply = await cloud.call('community', 'listReports', { venueId: 'venue-youlin' }, 'demo-organizer')
    const { items, points } = data(reply.body)
    expect(items.every((r) => r.venueId === 'venue-youlin')).toBe(true)
    expect(points.length).toBeGreaterThan(0)
    expect(points.every((p) => p.status === 'open' || p.status === 'assigned')).toBe(true)
    expect(items.find((r) => r._id === reportId)).toMatchObject({ duplicates: 1, reporter: { nickname: '快递员小李' } })
    expect(reply.dbOps).toBeLessThanOrEqual(6)
  })
})

describe('scoping between centres', () => {
  test('another centre’s handler is refused its reports and steps, and its own listing holds none of them', async () => {
    for (const [action, input] of [
      ['listReports', { venueId: 'venue-youlin' }],
      ['gridStats', { venueId: 'venue-youlin' }],
      ['listGridApplications', { venueId: 'venue-youlin' }],
      ['assignReport', { reportId: 'grid-demo-youlin-charge', assignee: '老街物业' }],
      ['resolveReport', { reportId: 'grid-demo-youlin-charge', note: '好了', photo: AFTER }],
      ['rejectReport', { reportId: 'grid-demo-youlin-charge', reason: '不管' }],
      ['decideGridApplication', { applicationId: 'demo-courier', approve: true }]
    ] as const) {
      const reply = await cloud.callUntyped('community', { action, ...input }, 'grid-organizer-laojie')
      expect([action, reply.body]).toEqual([action, expect.objectContaining({ ok: false, code: 'FORBIDDEN' })])
    }
    expect(data((await cloud.call('community', 'listReports', {}, 'grid-organizer-laojie')).body).items).toEqual([])
    expect(reports({ _id: 'grid-demo-youlin-charge' })[0].status).toBe('open')
  })

  test('友邻空间’s organizer sees only 友邻空间’s, the admin every centre’s', async () => {
    const own = data((await cloud.call('community', 'listReports', {}, 'demo-organizer')).body).items
    expect(new Set(own.map((r) => r.venueId))).toEqual(new Set(['venue-youlin']))
    const xigu = await cloud.call('community', 'listReports', { venueId: 'venue-xigu' }, 'demo-organizer')
    expect(xigu.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const all = data((await cloud.call('community', 'listReports', { venueId: 'venue-xigu', status: 'open' }, 'demo-admin')).body).items
    expect(all.length).toBeGreaterThan(0)
  })
})

describe('counts', () => {
  test('西固: resolved over the months by category (the seed’s 60 余个), duplicates not counted', async () => {
    const reply = await cloud.call('community', 'gridStats', { venueId: 'venue-xigu', months: 12 }, 'demo-admin')
    const stats = data(reply.body)
    expect(stats.resolved).toBe(64)
    expect(stats.months).toHaveLength(12)
    const charge = stats.byCategory.find((c) => c.category === 'FLYING_CHARGE')
    const stored = reports({ venueId: 'venue-xigu', category: 'FLYING_CHARGE', status: { $ne: 'duplicate' } })
    expect(charge?.reported).toBe(stored.length)
    expect(stats.cells.reduce((n, c) => n + c.resolved, 0)).toBe(64)
    expect(reply.dbOps).toBe(2)
  })
})

describe('joining the grid team', () => {
  test('a courier applies with their 网点, the centre approves, the badge shows and the applicant is told', async () => {
    const applied = await cloud.call('community', 'joinGrid', { venueId: 'venue-youlin', outlet: '美团酒泉路站', company: '美团外卖' }, 'demo-resident')
    expect(data(applied.body).membership).toMatchObject({ status: 'pending', outlet: '美团酒泉路站', venueName: '友邻空间' })
    expect(applied.dbOps).toBeLessThanOrEqual(4)
    const again = await cloud.call('community', 'joinGrid', { venueId: 'venue-youlin', outlet: '美团酒泉路站' }, 'demo-resident')
    expect(again.body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(data((await cloud.call('community', 'myGridMembership', {}, 'demo-resident')).body).badge).toBeNull()

    const waiting = data((await cloud.call('community', 'listGridApplications', { status: 'pending' }, 'demo-organizer')).body).items
    expect(waiting.map((a) => a.openid).sort()).toEqual(['demo-courier', 'demo-resident'])
    const decided = await cloud.call('community', 'decideGridApplication', { openid: 'demo-resident', approve: true }, 'demo-organizer')
    expect(data(decided.body).membership).toMatchObject({ status: 'approved', openid: 'demo-resident', venueName: '友邻空间' })
    expect(decided.dbOps).toBeLessThanOrEqual(8)
    expect(cloud.db.find<GridMemberDoc>('gridMembers', { _id: 'demo-resident' })[0]).toMatchObject({ status: 'approved', decidedBy: 'demo-organizer' })
    expect(messages('demo-resident').map((m) => m.data.phrase2.value)).toEqual(['已通过'])
    expect(cloud.db.find<{ action: string }>('audit', { target: 'gridMembers/demo-resident' }).map((a) => a.action)).toEqual(['decideGridApplication'])

    expect(data((await cloud.call('community', 'myGridMembership', {}, 'demo-resident')).body)).toMatchObject({ badge: '兼职网格员', membership: { status: 'approved' } })
    const twice = await cloud.call('community', 'decideGridApplication', { openid: 'demo-resident', approve: false }, 'demo-organizer')
    expect(twice.body).toMatchObject({ ok: false, code: 'CONFLICT' })

    // Now a member of 友邻空间: a report from anywhere goes to 友邻空间, with their 网点.
    cloud.clock.advance(HOUR_MS)
    const { report } = data((await cloud.call('community', 'report', { category: '食品卫生', text: '西固小吃摊露天存放', location: { lat: 36.0952, lng: 103.6234 } }, 'demo-resident')).body)
    expect(report).toMatchObject({ venueId: 'venue-youlin', member: true })
  })

  test('a refused applicant may apply again', async () => {
    data((await cloud.call('community', 'decideGridApplication', { applicationId: 'demo-courier', approve: false, note: '请补充网点信息' }, 'demo-organizer')).body)
    expect(data((await cloud.call('community', 'myGridMembership', {}, 'demo-courier')).body).membership).toMatchObject({ status: 'rejected', note: '请补充网点信息' })
    const again = await cloud.call('community', 'joinGrid', { venueId: 'venue-youlin', outlet: '顺丰酒泉路网点', company: '顺丰速运' }, 'demo-courier')
    expect(data(again.body).membership.status).toBe('pending')
    expect(cloud.db.find<GridMemberDoc>('gridMembers', { _id: 'demo-courier' })[0].note).toBeUndefined()
  })
})
