/**
 * 兼职网格员 随手拍 (issue 12): what a report is, how it moves, which reports are one problem, how they are counted, and
 * who is on the grid team. Pure rules shared by the `community` function and the pages, so the categories a form
 * offers, the status a timeline shows and the status the server writes are the same words.
 *
 * Decisions (documented here because the pages and the function both lean on them):
 * - Anyone signed in may report. The issue says members report; a resident who sees a 飞线充电 in a stairwell is not
 *   turned away, but their report carries `member: false`, so handlers see who reported as a 兼职网格员 and only members'
 *   reports count as the team's (网格上报 in the 先锋指数).
 * - A report belongs to the centre of the reporter's grid team when they are an approved member (their 网点 reports to
 *   that centre's handler wherever the route takes them), else to the centre nearest to where the problem is.
 * - A report of the same category within DUPLICATE_RADIUS_M and DUPLICATE_WINDOW_DAYS of a report still being handled
 *   is the same problem: it is stored as `duplicate` with `duplicateOf` the earliest such report, and its reporter hears
 *   when that one is resolved or rejected.
 */
import { distanceM } from '../matching/geo'
import type { GeoPoint } from '../matching/model'
import { DAY_MS, monthKey } from '../time'

/** The problems riders meet on their routes (the seed's list first), with the short names people say. */
export const GRID_CATEGORIES = [
  { code: 'FLYING_CHARGE', name: '电动车飞线充电', aliases: ['飞线充电', '飞线', '电动车充电', '楼道充电'] },
  { code: 'GARBAGE', name: '垃圾乱堆乱放', aliases: ['垃圾乱堆', '乱堆乱放', '垃圾', '乱扔垃圾'] },
  { code: 'FACILITY', name: '公共设施损坏', aliases: ['设施损坏', '公共设施', '井盖', '路灯'] },
  { code: 'FOOD_HYGIENE', name: '食品卫生', aliases: ['食品安全', '卫生'] },
  { code: 'SAFETY', name: '安全隐患', aliases: ['隐患', '消防隐患', '消防通道'] },
  { code: 'TRAFFIC', name: '交通秩序', aliases: ['占道', '乱停乱放', '交通'] },
  { code: 'OTHER', name: '其他问题', aliases: ['其他'] }
] as const

export type GridCategory = (typeof GRID_CATEGORIES)[number]['code']
export const GRID_CATEGORY_CODES = GRID_CATEGORIES.map((c) => c.code) as readonly GridCategory[]

const CATEGORY_NAMES = new Map<string, string>(GRID_CATEGORIES.map((c) => [c.code, c.name]))

/** The canonical code of what a person typed: a code, a full name or a short alias; undefined when none fits. */
export function gridCategoryOf(said: string): GridCategory | undefined {
  const word = said.trim()
  for (const category of GRID_CATEGORIES) {
    if (category.code === word || category.name === word || (category.aliases as readonly string[]).includes(word)) return category.code
  }
  return undefined
}

export const gridCategoryName = (code: string): string => CATEGORY_NAMES.get(code) ?? code

export const REPORT_STATUSES = ['open', 'assigned', 'resolved', 'rejected', 'duplicate'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

export const REPORT_STATUS_LABELS: Readonly<Record<ReportStatus, string>> = {
  open: '待处理',
  assigned: '处置中',
  resolved: '已解决',
  rejected: '未受理',
  duplicate: '已合并'
}

/** Statuses of a report still being handled: the ones a new report can duplicate, the ones on the handler's map. */
export const ACTIVE_REPORT_STATUSES: readonly ReportStatus[] = ['open', 'assigned']

export type ReportStep = 'assign' | 'resolve' | 'reject'
export type ReportActor = 'reporter' | 'handler'

/**
 * The lifecycle: which step moves a report from which status to which, and who may take it. A duplicate follows the
 * report it duplicates and has no steps of its own; resolved and rejected are final.
 */
export const REPORT_TRANSITIONS: readonly { from: ReportStatus; step: ReportStep; to: ReportStatus; by: ReportActor }[] = [
  { from: 'open', step: 'assign', to: 'assigned', by: 'handler' },
  { from: 'assigned', step: 'assign', to: 'assigned', by: 'handler' },
  { from: 'open', step: 'resolve', to: 'resolved', by: 'handler' },
  { from: 'assigned', step: 'resolve', to: 'resolved', by: 'handler' },
  { from: 'open', step: 'reject', to: 'rejected', by: 'handler' },
  { from: 'assigned', step: 'reject', to: 'rejected', by: 'handler' }
]

/** One entry of a report's timeline. */
export interface ReportEvent {
  status: ReportStatus
  at: number
  by: ReportActor
  /** 处置人/部门 of an assignment, the resolution's words, a rejection's reason. */
  note?: string
  /** The resolution photo (storage file id). */
  photo?: string
}

/** A stored report (collection `gridReports`; the fields before `member` are a contract other parts read). */
export interface GridReportDoc {
  _id: string
  /** The reporter. */
  openid: string
  venueId: string
  category: GridCategory
  status: ReportStatus
  createdAt: number
  resolvedAt?: number
  text: string
  location: GeoPoint
  photos: string[]
  /** Whether the reporter was an approved 兼职网格员 when reporting, and their 网点 then. */
  member: boolean
  outlet?: string
  /** Shanghai month of createdAt, 'YYYY-MM': what the monthly counts group by. */
  month: string
  duplicateOf?: string
  assignee?: string
  resolution?: { note: string; photo: string }
  rejectReason?: string
  history: ReportEvent[]
  updatedAt: number
}

/** Two reports this close (metres) and of one category may be the same problem. */
export const DUPLICATE_RADIUS_M = 100
export const DUPLICATE_WINDOW_DAYS = 7

export type ReportDraft = Pick<GridReportDoc, 'category' | 'location' | 'createdAt'>
export type EarlierReport = Pick<GridReportDoc, '_id' | 'category' | 'location' | 'createdAt' | 'status' | 'duplicateOf'>

/** The earliest report still being handled that `draft` repeats, or undefined. */
export function duplicateOf(draft: ReportDraft, earlier: readonly EarlierReport[]): EarlierReport | undefined {
  let first: EarlierReport | undefined
  for (const report of earlier) {
    if (report.category !== draft.category || !ACTIVE_REPORT_STATUSES.includes(report.status) || report.duplicateOf !== undefined) continue
    if (draft.createdAt - report.createdAt > DUPLICATE_WINDOW_DAYS * DAY_MS || report.createdAt > draft.createdAt) continue
    if (distanceM(draft.location, report.location) > DUPLICATE_RADIUS_M) continue
    if (!first || report.createdAt < first.createdAt) first = report
  }
  return first
}

/** The input of a new report once validated, with what the function decided around it. */
export interface NewReport {
  openid: string
  venueId: string
  category: GridCategory
  text: string
  location: GeoPoint
  photos: readonly string[]
  member: GridMemberDoc | null
  duplicate: EarlierReport | undefined
  now: number
}

/** The report to store (the database names it). */
export function newReport(r: NewReport): Omit<GridReportDoc, '_id'> {
  const status: ReportStatus = r.duplicate ? 'duplicate' : 'open'
  return {
    openid: r.openid,
    venueId: r.venueId,
    category: r.category,
    status,
    createdAt: r.now,
    text: r.text,
    location: { lat: r.location.lat, lng: r.location.lng },
    photos: [...r.photos],
    member: r.member?.status === 'approved',
    ...(r.member?.status === 'approved' ? { outlet: r.member.outlet } : {}),
    month: monthKey(r.now),
    ...(r.duplicate ? { duplicateOf: r.duplicate._id } : {}),
    history: [{ status, at: r.now, by: 'reporter' }],
    updatedAt: r.now
  }
}

/** What a step carries: the assignee, the resolution, or the reason. */
export type StepInput = { step: 'assign'; assignee: string } | { step: 'resolve'; note: string; photo: string } | { step: 'reject'; reason: string }

export type StepOutcome = { ok: true; report: GridReportDoc } | { ok: false; message: string }

/** The report after `by` takes `input` at `now`, or why it cannot be taken (its status does not allow it). */
export function stepReport(report: GridReportDoc, input: StepInput, by: ReportActor, now: number): StepOutcome {
  const move = REPORT_TRANSITIONS.find((t) => t.from === report.status && t.step === input.step && t.by === by)
  if (!move) return { ok: false, message: `这条上报${REPORT_STATUS_LABELS[report.status]}，不能再${STEP_LABELS[input.step]}` }
  const base = { ...report, status: move.to, updatedAt: now }
  switch (input.step) {
    case 'assign':
      return { ok: true, report: { ...base, assignee: input.assignee, history: [...report.history, { status: move.to, at: now, by, note: input.assignee }] } }
    case 'resolve':
      return {
        ok: true,
        report: {
          ...base,
          resolvedAt: now,
          resolution: { note: input.note, photo: input.photo },
          history: [...report.history, { status: move.to, at: now, by, note: input.note, photo: input.photo }]
        }
      }
    case 'reject':
      return { ok: true, report: { ...base, rejectReason: input.reason, history: [...report.history, { status: move.to, at: now, by, note: input.reason }] } }
  }
}

const STEP_LABELS: Readonly<Record<ReportStep, string>> = { assign: '派单', resolve: '办结', reject: '退回' }

/**
 * What the reporter reads when their report moves (a 需求进度-style message: the category, the status in a word, a
 * line of detail). Reporters of duplicates linked to it hear the same when it is resolved or rejected.
 */
export function reportNotice(report: Pick<GridReportDoc, 'category' | 'status' | 'assignee' | 'resolution' | 'rejectReason'>): { state: string; note: string } {
  switch (report.status) {
    case 'assigned':
      return { state: '处置中', note: `已派给${report.assignee ?? '处置人'}处理` }
    case 'resolved':
      return { state: '已解决', note: report.resolution?.note ?? '问题已处理' }
    case 'rejected':
      return { state: '未受理', note: report.rejectReason ?? '社区未受理' }
    default:
      return { state: REPORT_STATUS_LABELS[report.status], note: gridCategoryName(report.category) }
  }
}

/** The template a report's notices use: the reporter follows a case like a requester follows a need (需求进度). */
export const REPORT_NOTICE_TEMPLATE = 'needProgress' as const

/** The page a report's message opens. */
export const REPORT_NOTICE_PAGE = 'packages/grid/mine'

/** Counts of one category in one month. */
export interface MonthCount {
  month: string
  category: GridCategory
  reported: number
  resolved: number
}

export interface GridStatsRow {
  month: string
  category: string
  status: ReportStatus
  count: number
}

export interface GridStats {
  months: string[]
  /** Per month and category, every month of the window listed for every category reported in it. */
  cells: MonthCount[]
  byCategory: { category: GridCategory; name: string; reported: number; resolved: number }[]
  reported: number
  resolved: number
  /** Reports still open or assigned. */
  active: number
}

/**
 * The counts a handler's dashboard shows from grouped rows (month × category × status). A duplicate is not a problem
 * of its own, so it counts as neither reported nor resolved.
 */
export function gridStats(rows: readonly GridStatsRow[], months: readonly string[]): GridStats {
  const inWindow = new Set(months)
  const cells = new Map<string, MonthCount>()
  const categories = new Map<GridCategory, { reported: number; resolved: number }>()
  let reported = 0
  let resolved = 0
  let active = 0
  for (const row of rows) {
    const category = GRID_CATEGORY_CODES.find((c) => c === row.category)
    if (!category || !inWindow.has(row.month) || row.status === 'duplicate') continue
    const key = `${row.month}/${category}`
    const cell = cells.get(key) ?? { month: row.month, category, reported: 0, resolved: 0 }
    const total = categories.get(category) ?? { reported: 0, resolved: 0 }
    cell.reported += row.count
    total.reported += row.count
    reported += row.count
    if (row.status === 'resolved') {
      cell.resolved += row.count
      total.resolved += row.count
      resolved += row.count
    }
    if (ACTIVE_REPORT_STATUSES.includes(row.status)) active += row.count
    cells.set(key, cell)
    categories.set(category, total)
  }
  return {
    months: [...months],
    cells: [...cells.values()].sort((a, b) => a.month.localeCompare(b.month) || GRID_CATEGORY_CODES.indexOf(a.category) - GRID_CATEGORY_CODES.indexOf(b.category)),
    byCategory: GRID_CATEGORY_CODES.filter((c) => categories.has(c)).map((c) => ({ category: c, name: gridCategoryName(c), ...(categories.get(c) ?? { reported: 0, resolved: 0 }) })),
    reported,
    resolved,
    active
  }
}

/** Joining the grid team: apply → pending → approved | rejected; one application per person (`_id` is the openid). */
export const MEMBERSHIP_STATUSES = ['pending', 'approved', 'rejected'] as const
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number]

export const MEMBERSHIP_STATUS_LABELS: Readonly<Record<MembershipStatus, string>> = { pending: '审核中', approved: '已加入', rejected: '未通过' }

/** The badge an approved member wears. */
export const GRID_BADGE = '兼职网格员'

export interface GridMemberDoc {
  /** The applicant's openid: one application per person. */
  _id: string
  openid: string
  venueId: string
  /** 网点: the station or outlet the rider works from (美团西固站). */
  outlet: string
  company?: string
  status: MembershipStatus
  appliedAt: number
  decidedAt?: number
  decidedBy?: string
  note?: string
  createdAt: number
  updatedAt: number
}

/** Why `existing` stops a new application, or undefined when one may be made (none yet, or the last was declined). */
export function applicationProblem(existing: Pick<GridMemberDoc, 'status'> | null): string | undefined {
  if (!existing || existing.status === 'rejected') return undefined
  return existing.status === 'approved' ? '您已经是兼职网格员了' : '您的申请正在审核中，请耐心等待'
}

/** The application after a handler's decision, or why there is nothing to decide. */
export function decideApplication(
  application: GridMemberDoc,
  decision: { approve: boolean; note?: string },
  by: string,
  now: number
): { ok: true; member: GridMemberDoc } | { ok: false; message: string } {
  if (application.status !== 'pending') return { ok: false, message: `这份申请${MEMBERSHIP_STATUS_LABELS[application.status]}，不用再审核` }
  return {
    ok: true,
    member: {
      ...application,
      status: decision.approve ? 'approved' : 'rejected',
      decidedAt: now,
      decidedBy: by,
      ...(decision.note ? { note: decision.note } : {}),
      updatedAt: now
    }
  }
}
