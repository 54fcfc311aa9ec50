/**
 * Demo data of the grid team (兼职网格员 随手拍, issue 12), placed around `now`: what the seed says of 西固 — 7 网点, 400
 * 余名 riders and couriers as 兼职网格员, "解决电动自行车飞线充电、垃圾乱堆乱放等问题60余个" — as members at venue-xigu
 * (demo-rider among them, so the demo rider can report at once, and one application waiting), 64 resolved reports over
 * the last months, a few still open or assigned with photos, a duplicate pair, and a few at 友邻空间 so its organizer
 * has some to handle. Photos are small generated pictures stored with the demo (gridDemoFiles), so every timeline
 * shows one.
 */
import type { GridCategory, GridMemberDoc, GridReportDoc, ReportEvent } from '@core/community/grid'
import type { UserDoc } from '@core/user'
import { DAY_MS, HOUR_MS, monthKey } from '@core/time'

/** The env part of the local cloud's file ids (emulator/storage): demo photos live under demo/grid/. */
const FILE_ID_PREFIX = 'cloud://local.6c6f-local-1250000000/'
const photoPath = (name: string): string => `demo/grid/${name}.svg`
const photoId = (name: string): string => FILE_ID_PREFIX + photoPath(name)

/** What each demo photo shows: a caption on the category's colour. */
const PHOTOS: Readonly<Record<string, { caption: string; colour: string }>> = {
  'charge-before': { caption: '楼道飞线充电', colour: '#c0392b' },
  'charge-after': { caption: '已拆除 · 引导至充电桩', colour: '#27ae60' },
  'garbage-before': { caption: '垃圾乱堆乱放', colour: '#8e6e3b' },
  'garbage-after': { caption: '已清运', colour: '#27ae60' },
  'facility-before': { caption: '井盖破损', colour: '#7f8c8d' },
  'facility-after': { caption: '已更换井盖', colour: '#27ae60' },
  'safety-before': { caption: '消防通道堵塞', colour: '#d35400' },
  'food-before': { caption: '餐食露天存放', colour: '#b7950b' }
}

function svg(caption: string, colour: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">' +
    `<rect width="480" height="360" fill="${colour}"/>` +
    '<rect x="24" y="24" width="432" height="312" rx="18" fill="none" stroke="#fff" stroke-width="4" stroke-dasharray="14 10"/>' +
    `<text x="240" y="180" font-size="34" fill="#fff" text-anchor="middle" font-family="sans-serif">${caption}</text>` +
    '<text x="240" y="230" font-size="20" fill="#fff" text-anchor="middle" font-family="sans-serif">随手拍 · 演示照片</text>' +
    '</svg>'
  )
}

/** The demo photos' bytes, stored where their file ids point. */
export function gridDemoFiles(): { cloudPath: string; data: Buffer }[] {
  return Object.entries(PHOTOS).map(([name, p]) => ({ cloudPath: photoPath(name), data: Buffer.from(svg(p.caption, p.colour)) }))
}

const XIGU = { _id: 'venue-xigu', lat: 36.09517, lng: 103.62336 }
const YOULIN = { _id: 'venue-youlin', lat: 36.06105, lng: 103.83208 }

/** 西固's 网点 the members work from. */
const OUTLETS = [
  { outlet: '美团西固站', company: '美团外卖' },
  { outlet: '饿了么陈坪站', company: '饿了么' },
  { outlet: '顺丰西固中路网点', company: '顺丰速运' },
  { outlet: '京东西固营业部', company: '京东物流' },
  { outlet: '中通西固网点', company: '中通快递' },
  { outlet: '美团福利路站', company: '美团外卖' },
  { outlet: '闪送西固站', company: '闪送' }
] as const

const MEMBERS: { name: string; group: UserDoc['group'] }[] = [
  { name: '骑手马师傅', group: 'rider' },
  { name: '快递员小丁', group: 'courier' },
  { name: '骑手小杨', group: 'rider' },
  { name: '快递员老魏', group: 'courier' },
  { name: '骑手小何', group: 'rider' },
  { name: '骑手阿杰', group: 'rider' }
]

const memberId = (i: number): string => `demo-grid-${String(i + 1).padStart(2, '0')}`
/** Waits for 西固's decision. */
export const GRID_PENDING_XIGU = 'demo-grid-applicant'

/** The grid team's people the rest of the demo lacks: 西固's members and one applicant. */
export function gridDemoUsers(now: number): UserDoc[] {
  const person = (_id: string, nickname: string, group: UserDoc['group'], daysAgo: number): UserDoc => ({
    _id,
    nickname,
    avatarUrl: '',
    group,
    community: '陈坪街道',
    freeTimes: [],
    roles: [],
    strikes: 0,
    privacyConsentAt: now - daysAgo * DAY_MS,
    createdAt: now - daysAgo * DAY_MS,
    updatedAt: now - daysAgo * DAY_MS
  })
  return [...MEMBERS.map((m, i) => person(memberId(i), m.name, m.group, 200 - i)), person(GRID_PENDING_XIGU, '骑手小蒋', 'rider', 3)]
}

function member(openid: string, venueId: string, outlet: { outlet: string; company: string }, status: GridMemberDoc['status'], appliedAt: number, decidedAt?: number): GridMemberDoc {
  return {
    _id: openid,
    openid,
    venueId,
    outlet: outlet.outlet,
    company: outlet.company,
    status,
    appliedAt,
    ...(decidedAt !== undefined ? { decidedAt, decidedBy: 'demo-admin' } : {}),
    createdAt: appliedAt,
    updatedAt: decidedAt ?? appliedAt
  }
}

/** Where on 西固's streets things happen: a few hundred metres around the centre. */
const SPOTS = [
  { place: '西固中路社区3号楼楼道', dLat: 0.0012, dLng: -0.0009 },
  { place: '陈坪街道福利东路口', dLat: -0.0021, dLng: 0.0016 },
  { place: '西固巷菜市场后门', dLat: 0.0031, dLng: 0.0024 },
  { place: '合水路小区东门', dLat: -0.0008, dLng: -0.0035 },
  { place: '玉门街公交站旁', dLat: 0.0045, dLng: -0.0011 },
  { place: '西固城小学南侧', dLat: -0.0038, dLng: 0.0041 }
]

/** The words of each category's reports and their resolutions. */
const STORIES: Readonly<Record<GridCategory, { text: string; resolved: string; assignee: string; before?: string; after?: string }>> = {
  FLYING_CHARGE: { text: '楼道里有电动车从窗户拉线充电，线就搭在楼梯扶手上。', resolved: '已拆除飞线，引导车主到小区充电桩充电。', assignee: '社区网格员', before: 'charge-before', after: 'charge-after' },
  GARBAGE: { text: '路边垃圾堆了好几天没人清运，味道很大。', resolved: '已联系环卫清运，设置分类垃圾桶。', assignee: '街道环卫所', before: 'garbage-before', after: 'garbage-after' },
  FACILITY: { text: '人行道井盖破了一角，晚上送餐差点踩空。', resolved: '已更换井盖，设置警示标志。', assignee: '市政维修队', before: 'facility-before', after: 'facility-after' },
  FOOD_HYGIENE: { text: '小吃摊的餐食露天放着，没有遮盖。', resolved: '市场监管所已上门督促整改。', assignee: '市场监管所', before: 'food-before' },
  SAFETY: { text: '消防通道被杂物和车辆堵住了。', resolved: '已清理杂物，物业每日巡查。', assignee: '社区物业', before: 'safety-before' },
  TRAFFIC: { text: '路口电动车乱停乱放，占了盲道。', resolved: '已规划停车区，张贴提示。', assignee: '交警西固大队' },
  OTHER: { text: '小区门口路灯坏了，晚上很黑。', resolved: '已报修，路灯恢复照明。', assignee: '社区物业' }
}

/** How the 64 resolved ones spread over categories: most are what the seed names (飞线充电, 垃圾乱堆乱放). */
const RESOLVED_MIX: readonly GridCategory[] = ['FLYING_CHARGE', 'GARBAGE', 'FLYING_CHARGE', 'GARBAGE', 'FACILITY', 'SAFETY', 'FLYING_CHARGE', 'GARBAGE', 'FOOD_HYGIENE', 'TRAFFIC', 'OTHER']
const RESOLVED_COUNT = 64

interface ReportSpec {
  _id: string
  openid: string
  venue: { _id: string; lat: number; lng: number }
  category: GridCategory
  at: number
  spot: number
  outlet?: string
  member?: boolean
  status: GridReportDoc['status']
  duplicateOf?: string
}

function reportDoc(spec: ReportSpec): GridReportDoc {
  const story = STORIES[spec.category]
  const spot = SPOTS[spec.spot % SPOTS.length]
  const history: ReportEvent[] = [{ status: spec.duplicateOf ? 'duplicate' : 'open', at: spec.at, by: 'reporter' }]
  const assignedAt = spec.at + 2 * HOUR_MS
  const doneAt = spec.at + 26 * HOUR_MS
  if (spec.status === 'assigned' || spec.status === 'resolved') history.push({ status: 'assigned', at: assignedAt, by: 'handler', note: story.assignee })
  const photo = story.after ? photoId(story.after) : story.before ? photoId(story.before) : photoId('charge-after')
  if (spec.status === 'resolved') history.push({ status: 'resolved', at: doneAt, by: 'handler', note: story.resolved, photo })
  const member = spec.member ?? true
  return {
    _id: spec._id,
    openid: spec.openid,
    venueId: spec.venue._id,
    category: spec.category,
    status: spec.status,
    createdAt: spec.at,
    ...(spec.status === 'resolved' ? { resolvedAt: doneAt, resolution: { note: story.resolved, photo } } : {}),
    text: `${spot.place}：${story.text}`,
    location: { lat: spec.venue.lat + spot.dLat, lng: spec.venue.lng + spot.dLng },
    photos: story.before ? [photoId(story.before)] : [],
    member,
    ...(member && spec.outlet ? { outlet: spec.outlet } : {}),
    month: monthKey(spec.at),
    ...(spec.duplicateOf ? { duplicateOf: spec.duplicateOf } : {}),
    ...(spec.status === 'assigned' || spec.status === 'resolved' ? { assignee: story.assignee } : {}),
    history,
    updatedAt: history[history.length - 1].at
  }
}

/** The grid team's collections: members and applications, and their reports. */
export function gridDemo(now: number): { gridMembers: GridMemberDoc[]; gridReports: GridReportDoc[] } {
  const reporters = [...MEMBERS.map((_, i) => memberId(i)), 'demo-rider']
  const outletOf = (openid: string): string => (openid === 'demo-rider' ? OUTLETS[0].outlet : OUTLETS[(reporters.indexOf(openid) + 1) % OUTLETS.length].outlet)
  const gridMembers: GridMemberDoc[] = [
    member('demo-rider', XIGU._id, OUTLETS[0], 'approved', now - 40 * DAY_MS, now - 38 * DAY_MS),
    ...MEMBERS.map((_, i) => member(memberId(i), XIGU._id, OUTLETS[(i + 1) % OUTLETS.length], 'approved', now - (200 - i) * DAY_MS, now - (198 - i) * DAY_MS)),
    member(GRID_PENDING_XIGU, XIGU._id, OUTLETS[5], 'pending', now - 2 * DAY_MS),
    // 友邻空间's organizer has an application of their own to decide.
    member('demo-courier', YOULIN._id, { outlet: '顺丰酒泉路网点', company: '顺丰速运' }, 'pending', now - 1 * DAY_MS)
  ]

  const gridReports: GridReportDoc[] = []
  // 64 resolved over the last six months, a couple of days apart.
  for (let i = 0; i < RESOLVED_COUNT; i++) {
    const openid = reporters[i % reporters.length]
    gridReports.push(
      reportDoc({
        _id: `grid-demo-resolved-${String(i + 1).padStart(2, '0')}`,
        openid,
        venue: XIGU,
        category: RESOLVED_MIX[i % RESOLVED_MIX.length],
        at: now - (180 - i * 2.6) * DAY_MS,
        spot: i,
        outlet: outletOf(openid),
        status: 'resolved'
      })
    )
  }
  const open = (spec: Omit<ReportSpec, 'venue' | 'outlet'> & { venue?: ReportSpec['venue'] }): GridReportDoc =>
    reportDoc({ venue: XIGU, outlet: outletOf(spec.openid), ...spec })
  gridReports.push(
    open({ _id: 'grid-demo-open-charge', openid: memberId(0), category: 'FLYING_CHARGE', at: now - 5 * HOUR_MS, spot: 0, status: 'open' }),
    // The same 飞线充电 seen again the next hour by another rider: linked to the first.
    open({ _id: 'grid-demo-dup-charge', openid: memberId(2), category: 'FLYING_CHARGE', at: now - 4 * HOUR_MS, spot: 0, status: 'duplicate', duplicateOf: 'grid-demo-open-charge' }),
    open({ _id: 'grid-demo-assigned-garbage', openid: 'demo-rider', category: 'GARBAGE', at: now - 1 * DAY_MS, spot: 2, status: 'assigned' }),
    open({ _id: 'grid-demo-open-safety', openid: memberId(3), category: 'SAFETY', at: now - 2 * DAY_MS, spot: 3, status: 'open' }),
    open({ _id: 'grid-demo-open-food', openid: memberId(4), category: 'FOOD_HYGIENE', at: now - 3 * DAY_MS, spot: 4, status: 'open' }),
    open({ _id: 'grid-demo-rejected', openid: memberId(5), category: 'OTHER', at: now - 6 * DAY_MS, spot: 5, status: 'rejected' }),
    // 友邻空间: reports from riders passing through and a resident, for its organizer.
    open({ _id: 'grid-demo-youlin-charge', openid: 'demo-courier', venue: YOULIN, member: false, category: 'FLYING_CHARGE', at: now - 3 * HOUR_MS, spot: 1, status: 'open' }),
    open({ _id: 'grid-demo-youlin-facility', openid: 'demo-resident', venue: YOULIN, member: false, category: 'FACILITY', at: now - 1 * DAY_MS, spot: 3, status: 'open' }),
    open({ _id: 'grid-demo-youlin-garbage', openid: 'demo-courier', venue: YOULIN, member: false, category: 'GARBAGE', at: now - 20 * DAY_MS, spot: 2, status: 'resolved' })
  )
  const rejected = gridReports.find((r) => r._id === 'grid-demo-rejected')
  if (rejected) {
    const at = rejected.createdAt + 3 * HOUR_MS
    Object.assign(rejected, { rejectReason: '经核实为私人院内，已转物业处理', history: [...rejected.history, { status: 'rejected', at, by: 'handler', note: '经核实为私人院内，已转物业处理' }], updatedAt: at })
  }
  return { gridMembers, gridReports }
}
