/**
 * 兼职网格员 随手拍 and the grid team (issue 12; DESIGN.md ⚑ community.report, community.myReports): the inputs each action
 * accepts and what it answers. The category is taken as people say it (飞线充电, 垃圾乱堆 …) and parsed to its canonical
 * code here, so the function and the form share one list (core/community/grid.ts).
 *   joinGrid, myGridMembership                         a rider's application and badge
 *   report, myReports                                  随手拍 and 我的随手拍
 *   listGridApplications, decideGridApplication        the centre's handler: the team
 *   listReports, assignReport, resolveReport,          the centre's handler: the reports and their map points
 *   rejectReport, gridStats
 */
import {
  GRID_CATEGORY_CODES,
  gridCategoryOf,
  REPORT_STATUSES,
  type GridCategory,
  type GridMemberDoc,
  type GridStats,
  type ReportEvent,
  type ReportStatus
} from '../../community/grid'
import { idSchema } from '../../booking/model'
import * as s from '../../schema'
import { geoPointSchema } from '../geo'
import type { Action } from '../action'

export const REPORT_TEXT_MAX = 300
export const REPORT_PHOTOS_MAX = 6
export const OUTLET_MAX = 30
export const NOTE_MAX = 200
export const STATS_MONTHS_MAX = 24

const venueId = idSchema('服务中心', { picked: true })
const reportId = idSchema('上报')
const photoSchema = (label: string) => s.string({ label, pattern: /^cloud:\/\/\S+$/, patternHint: '不是有效的文件' })

/** A category as people say it (a code, a name or a short alias), parsed to its canonical code. */
const categorySchema = s.refine(s.string({ label: '问题类别', min: 1, max: 20, picked: true }), (said) =>
  gridCategoryOf(said) ? undefined : { message: '问题类别不在清单中，请从清单中选择' }
)

export const joinGridSchema = s.object({
  venueId,
  outlet: s.string({ label: '网点', min: 1, max: OUTLET_MAX }),
  company: s.optional(s.string({ label: '所属企业', max: OUTLET_MAX }))
})
export type JoinGridInput = s.Infer<typeof joinGridSchema>

export const myGridMembershipSchema = s.object({})

export const reportSchema = s.object({
  category: categorySchema,
  text: s.string({ label: '问题描述', min: 1, max: REPORT_TEXT_MAX, multiline: true }),
  location: geoPointSchema('位置'),
  photos: s.optional(s.array(photoSchema('照片'), { label: '照片', max: REPORT_PHOTOS_MAX }))
})
export type ReportInput = s.Infer<typeof reportSchema>

export const myReportsSchema = s.object({})

export const listGridApplicationsSchema = s.object({
  venueId: s.optional(venueId),
  status: s.optional(s.oneOf(['pending', 'approved', 'rejected'] as const, { label: '状态' }))
})
export type ListGridApplicationsInput = s.Infer<typeof listGridApplicationsSchema>

export const decideGridApplicationSchema = s.refine(
  s.object({
    applicationId: s.optional(idSchema('申请')),
    openid: s.optional(idSchema('申请人')),
    approve: s.boolean({ label: '是否通过' }),
    note: s.optional(s.string({ label: '备注', max: NOTE_MAX }))
  }),
  (input) => (input.applicationId === undefined && input.openid === undefined ? { message: '请指明要审核的申请', path: ['applicationId'] } : undefined)
)
export type DecideGridApplicationInput = s.Infer<typeof decideGridApplicationSchema>

export const listReportsSchema = s.object({
  venueId: s.optional(venueId),
  status: s.optional(s.oneOf(REPORT_STATUSES, { label: '状态' })),
  category: s.optional(s.oneOf(GRID_CATEGORY_CODES, { label: '问题类别' }))
})
export type ListReportsInput = s.Infer<typeof listReportsSchema>

export const assignReportSchema = s.object({ reportId, assignee: s.string({ label: '处置人/部门', min: 1, max: 40 }) })
export type AssignReportInput = s.Infer<typeof assignReportSchema>

export const resolveReportSchema = s.object({
  reportId,
  note: s.string({ label: '处理结果', min: 1, max: NOTE_MAX, multiline: true }),
  photo: photoSchema('处理后照片')
})
export type ResolveReportInput = s.Infer<typeof resolveReportSchema>

export const rejectReportSchema = s.object({ reportId, reason: s.string({ label: '退回原因', min: 1, max: NOTE_MAX, multiline: true }) })
export type RejectReportInput = s.Infer<typeof rejectReportSchema>

export const gridStatsSchema = s.object({
  venueId: s.optional(venueId),
  months: s.optional(s.int({ label: '月数', min: 1, max: STATS_MONTHS_MAX }))
})
export type GridStatsInput = s.Infer<typeof gridStatsSchema>

/** An application as its applicant and the handler see it. */
export type GridMembership = Pick<GridMemberDoc, '_id' | 'venueId' | 'outlet' | 'company' | 'status' | 'appliedAt' | 'decidedAt' | 'note'> & {
  venueName: string
}

export interface MyGridMembershipOutput {
  membership: GridMembership | null
  /** '兼职网格员' once approved. */
  badge: string | null
}

export interface JoinGridOutput {
  membership: GridMembership
}

export interface GridApplicationItem extends GridMembership {
  openid: string
  nickname: string
  group: string
}

export interface ListGridApplicationsOutput {
  items: GridApplicationItem[]
}

export interface DecideGridApplicationOutput {
  membership: GridApplicationItem
}

/** A report as its reporter sees it: the timeline, the resolution photo. */
export interface ReportView {
  _id: string
  venueId: string
  venueName: string
  category: GridCategory
  categoryName: string
  status: ReportStatus
  statusLabel: string
  text: string
  location: { lat: number; lng: number }
  photos: string[]
  member: boolean
  duplicateOf?: string
  assignee?: string
  resolution?: { note: string; photo: string }
  rejectReason?: string
  history: ReportEvent[]
  createdAt: number
  resolvedAt?: number
}

export interface ReportOutput {
  report: { _id: string; status: ReportStatus; duplicateOf?: string; venueId: string; member: boolean }
}

export interface MyReportsOutput {
  items: ReportView[]
}

/** A report as the handler sees it: who reported (their nickname and 网点) and where, for the list and the map. */
export interface HandledReport extends ReportView {
  reporter: { nickname: string; outlet?: string }
  /** Reports linked to this one as duplicates. */
  duplicates: number
}

export interface ListReportsOutput {
  items: HandledReport[]
  /** Map markers of the reports still being handled among `items`. */
  points: { _id: string; lat: number; lng: number; category: GridCategory; status: ReportStatus }[]
}

export interface ReportStepOutput {
  report: ReportView
  /** Reporters told of this step (the report's and its duplicates'). */
  notified: number
}

export type GridStatsOutput = GridStats

export interface GridApi {
  joinGrid: Action<JoinGridInput, JoinGridOutput>
  myGridMembership: Action<Record<string, never>, MyGridMembershipOutput>
  report: Action<ReportInput, ReportOutput>
  myReports: Action<Record<string, never>, MyReportsOutput>
  listGridApplications: Action<ListGridApplicationsInput, ListGridApplicationsOutput>
  decideGridApplication: Action<DecideGridApplicationInput, DecideGridApplicationOutput>
  listReports: Action<ListReportsInput, ListReportsOutput>
  assignReport: Action<AssignReportInput, ReportStepOutput>
  resolveReport: Action<ResolveReportInput, ReportStepOutput>
  rejectReport: Action<RejectReportInput, ReportStepOutput>
  gridStats: Action<GridStatsInput, GridStatsOutput>
}
