/**
 * 兼职网格员 随手拍 and the grid team (issue 12): thin handlers around core/community/grid.ts. Requests per action, the
 * write limit's one included where there is one (bench/budgets.ts holds the same figures):
 *   joinGrid               limit, the application and the centre at once, the insert (or the conditional re-apply)  4
 *   myGridMembership       the application, then its centre's name                                                  2
 *   report                 limit, membership + centres + recent reports of the category at once, the insert         5
 *   myReports              the reports and the centres' names at once                                               2
 *   listGridApplications   auth, the applications, then applicants and centres at once                              4
 *   decideGridApplication  limit, auth, the application, the conditional update, then applicant, centre, audit,
 *                          the applicant's message at once                                                          8
 *   listReports            auth, the reports, then reporters, centres, duplicates' counts, 网点 at once             6
 *   assign/resolve/reject  limit, auth, the report (and, settling it, its duplicates) at once, the conditional
 *                          update, then centre, audit, the messages at once                                     7/8/8
 *   gridStats              auth, one grouping                                                                       2
 * Texts the reporter or the handler read (the report, the 网点, an assignee, a resolution, a reason) pass msgSecCheck
 * before anything is written. Every status change queues a message to the reporter — and, when it settles the problem,
 * to the reporters of its duplicates.
 */
import type {
  AssignReportInput,
  DecideGridApplicationInput,
  DecideGridApplicationOutput,
  GridApplicationItem,
  GridMembership,
  GridStatsInput,
  GridStatsOutput,
  HandledReport,
  JoinGridInput,
  JoinGridOutput,
  ListGridApplicationsInput,
  ListGridApplicationsOutput,
  ListReportsInput,
  ListReportsOutput,
  MyGridMembershipOutput,
  MyReportsOutput,
  RejectReportInput,
  ReportInput,
  ReportOutput,
  ReportStepOutput,
  ReportView,
  ResolveReportInput
} from '@core/api/community'
import type { Venue } from '@core/api/venue'
import { DomainError } from '@core/api/result'
import type { NotificationDoc } from '@core/booking'
import {
  ACTIVE_REPORT_STATUSES,
  applicationProblem,
  decideApplication,
  DUPLICATE_WINDOW_DAYS,
  duplicateOf,
  GRID_BADGE,
  gridCategoryName,
  gridCategoryOf,
  gridStats as countReports,
  MEMBERSHIP_STATUSES,
  newReport,
  REPORT_NOTICE_PAGE,
  REPORT_NOTICE_TEMPLATE,
  REPORT_STATUS_LABELS,
  reportNotice,
  stepReport,
  type GridMemberDoc,
  type GridReportDoc,
  type GridStatsRow,
  type MembershipStatus,
  type StepInput
} from '@core/community/grid'
import { nearest } from '@core/matching/geo'
import { DAY_MS, lastMonths } from '@core/time'
import { _, audit, isDuplicateKeyError, messageDoc, queueMessages, requireShownTextsSafe, requireVenue, venueCondition, type ActionContext } from '../_shared'
import { store } from './repo'

type UserCtx<I> = ActionContext<I, 'user'>
type OrganizerCtx<I> = ActionContext<I, 'organizer'>

const REPORT_NOT_FOUND = '没有找到这条上报'
const APPLICATION_NOT_FOUND = '没有找到这份申请'
/** The most reports or applications one listing answers (newest first). */
const LIST_MAX = 200
/** The months gridStats counts when not told. */
const STATS_MONTHS = 12

type VenueName = Pick<Venue, '_id' | 'name'>

const namesOf = (venues: readonly VenueName[]): Map<string, string> => new Map(venues.map((v) => [v._id, v.name]))

function membershipView(member: GridMemberDoc, venueName: string): GridMembership {
  return {
    _id: member._id,
    venueId: member.venueId,
    venueName,
    outlet: member.outlet,
    ...(member.company ? { company: member.company } : {}),
    status: member.status,
    appliedAt: member.appliedAt,
    ...(member.decidedAt !== undefined ? { decidedAt: member.decidedAt } : {}),
    ...(member.note ? { note: member.note } : {})
  }
}

function reportView(report: GridReportDoc, venueName: string): ReportView {
  return {
    _id: report._id,
    venueId: report.venueId,
    venueName,
    category: report.category,
    categoryName: gridCategoryName(report.category),
    status: report.status,
    statusLabel: REPORT_STATUS_LABELS[report.status],
    text: report.text,
    location: report.location,
    photos: report.photos,
    member: report.member,
    ...(report.duplicateOf ? { duplicateOf: report.duplicateOf } : {}),
    ...(report.assignee ? { assignee: report.assignee } : {}),
    ...(report.resolution ? { resolution: report.resolution } : {}),
    ...(report.rejectReason ? { rejectReason: report.rejectReason } : {}),
    history: report.history,
    createdAt: report.createdAt,
    ...(report.resolvedAt !== undefined ? { resolvedAt: report.resolvedAt } : {})
  }
}

/** A 需求进度 message to `openid` about `subjectId` (a report or an application). */
const message = (openid: string, subjectId: string, kind: string, subject: string, state: string, note: string, at: number): NotificationDoc =>
  messageDoc({ openid, subjectId, kind, template: REPORT_NOTICE_TEMPLATE, page: REPORT_NOTICE_PAGE, subject, state, note, at })

export async function joinGrid(ctx: UserCtx<JoinGridInput>): Promise<JoinGridOutput> {
  const { input, openid, now } = ctx
  const [existing, venue] = await Promise.all([store.get('gridMembers', openid), store.get('venues', input.venueId)])
  if (!venue) throw new DomainError('NOT_FOUND', '没有这个服务中心', 'venueId')
  const problem = applicationProblem(existing)
  if (problem) throw new DomainError('CONFLICT', problem)
  await requireShownTextsSafe(
    [
      { field: 'outlet', label: '网点', text: input.outlet },
      { field: 'company', label: '所属企业', text: input.company }
    ],
    openid,
    1
  )
  const member: GridMemberDoc = {
    _id: openid,
    openid,
    venueId: input.venueId,
    outlet: input.outlet,
    ...(input.company ? { company: input.company } : {}),
    status: 'pending',
    appliedAt: now,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now
  }
  if (existing) {
    // Applying again after a refusal: only while it is still refused, so two taps make one application.
    const { _id, ...fields } = member
    const changed = await store.update('gridMembers', { _id, status: 'rejected' }, { ...fields, decidedAt: _.remove(), decidedBy: _.remove(), note: _.remove() })
    if (changed !== 1) throw new DomainError('CONFLICT', '您的申请正在审核中，请耐心等待')
  } else {
    try {
      await store.insert('gridMembers', member)
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      throw new DomainError('CONFLICT', '您的申请正在审核中，请耐心等待')
    }
  }
  return { membership: membershipView(member, venue.name) }
}

export async function myGridMembership(ctx: UserCtx<Record<string, never>>): Promise<MyGridMembershipOutput> {
  const member = await store.get('gridMembers', ctx.openid)
  if (!member) return { membership: null, badge: null }
  const venue = await store.get('venues', member.venueId)
  return { membership: membershipView(member, venue?.name ?? ''), badge: member.status === 'approved' ? GRID_BADGE : null }
}

export async function report(ctx: UserCtx<ReportInput>): Promise<ReportOutput> {
  const { input, openid, now } = ctx
  const category = gridCategoryOf(input.category)
  // The schema let only a known category through.
  if (!category) throw new DomainError('INVALID_INPUT', '问题类别不在清单中', 'category')
  const [member, venues, recent] = await Promise.all([
    store.get('gridMembers', openid),
    store.findAll('venues', {}, { _id: true, lat: true, lng: true }),
    store.find(
      'gridReports',
      { category, status: _.in([...ACTIVE_REPORT_STATUSES]), createdAt: _.gte(now - DUPLICATE_WINDOW_DAYS * DAY_MS) },
      { limit: LIST_MAX, orderBy: ['createdAt', 'asc'], fields: { _id: true, category: true, location: true, createdAt: true, status: true, duplicateOf: true } }
    )
  ])
  const approved = member?.status === 'approved' ? member : null
  const venueId = approved?.venueId ?? nearest(input.location, venues)?.place._id
  if (!venueId) throw new DomainError('NOT_FOUND', '附近没有服务中心', 'location')
  await requireShownTextsSafe([{ field: 'text', label: '问题描述', text: input.text }], openid)
  const doc = newReport({
    openid,
    venueId,
    category,
    text: input.text,
    location: input.location,
    photos: input.photos ?? [],
    member: approved,
    duplicate: duplicateOf({ category, location: input.location, createdAt: now }, recent),
    now
  })
  const _id = await store.insert('gridReports', doc)
  return { report: { _id, status: doc.status, venueId, member: doc.member, ...(doc.duplicateOf ? { duplicateOf: doc.duplicateOf } : {}) } }
}

/** Reports shown in 我的随手拍 at most (newest first). */
const MY_REPORTS_MAX = 100

export async function myReports(ctx: UserCtx<Record<string, never>>): Promise<MyReportsOutput> {
  const [reports, venues] = await Promise.all([
    store.find('gridReports', { openid: ctx.openid }, { limit: MY_REPORTS_MAX, orderBy: ['createdAt', 'desc'] }),
    store.findAll('venues', {}, { _id: true, name: true })
  ])
  const names = namesOf(venues)
  return { items: reports.map((r) => reportView(r, names.get(r.venueId) ?? '')) }
}

function applicationItem(member: GridMemberDoc, venueName: string, user: { nickname?: string; group?: string } | undefined): GridApplicationItem {
  return { ...membershipView(member, venueName), openid: member.openid, nickname: user?.nickname || '骑手', group: user?.group ?? 'other' }
}

export async function listGridApplications(ctx: OrganizerCtx<ListGridApplicationsInput>): Promise<ListGridApplicationsOutput> {
  const { input, user } = ctx
  const where: Record<string, unknown> = {}
  const venue = venueCondition(user, input.venueId)
  if (venue !== undefined) where.venueId = venue
  if (input.status) where.status = input.status
  const members = await store.find('gridMembers', where, { limit: LIST_MAX, orderBy: ['appliedAt', 'desc'] })
  if (members.length === 0) return { items: [] }
  const [people, venues] = await Promise.all([
    store.findAll('users', { _id: _.in(members.map((m) => m.openid)) }, { _id: true, nickname: true, group: true }),
    store.findAll('venues', {}, { _id: true, name: true })
  ])
  const names = namesOf(venues)
  const byId = new Map(people.map((p) => [p._id, p]))
  // In the order of MEMBERSHIP_STATUSES: the waiting ones, the handler's work, first.
  const rank = (status: MembershipStatus): number => MEMBERSHIP_STATUSES.indexOf(status)
  const items = members.map((m) => applicationItem(m, names.get(m.venueId) ?? '', byId.get(m.openid))).sort((a, b) => rank(a.status) - rank(b.status))
  return { items }
}

export async function decideGridApplication(ctx: OrganizerCtx<DecideGridApplicationInput>): Promise<DecideGridApplicationOutput> {
  const { input, user, now } = ctx
  const id = input.applicationId ?? input.openid ?? ''
  const field = input.applicationId !== undefined ? 'applicationId' : 'openid'
  const application = await store.get('gridMembers', id)
  if (!application) throw new DomainError('NOT_FOUND', APPLICATION_NOT_FOUND, field)
  requireVenue(user, application.venueId, field)
  const decided = decideApplication(application, { approve: input.approve, ...(input.note ? { note: input.note } : {}) }, ctx.openid, now)
  if (!decided.ok) throw new DomainError('CONFLICT', decided.message)
  const { member } = decided
  const changed = await store.update(
    'gridMembers',
    { _id: id, status: 'pending' },
    { status: member.status, decidedAt: now, decidedBy: ctx.openid, updatedAt: now, ...(member.note ? { note: member.note } : {}) }
  )
  if (changed !== 1) throw new DomainError('CONFLICT', '这份申请刚刚有了变化，请刷新后再试')
  const state = member.status === 'approved' ? '已通过' : '未通过'
  const [person, venue] = await Promise.all([
    store.get('users', member.openid),
    store.get('venues', member.venueId),
    audit(ctx, 'decideGridApplication', `gridMembers/${id}`, { approve: input.approve, ...(input.note ? { note: input.note } : {}) }),
    queueMessages([message(member.openid, id, `grid-${member.status}`, '兼职网格员申请', state, member.status === 'approved' ? `欢迎加入${member.outlet}网格` : member.note ?? '可修改后重新申请', now)])
  ])
  return { membership: applicationItem(member, venue?.name ?? '', person ?? undefined) }
}

interface DuplicateCount {
  _id: string
  count: number
}

export async function listReports(ctx: OrganizerCtx<ListReportsInput>): Promise<ListReportsOutput> {
  const { input, user } = ctx
  const where: Record<string, unknown> = {}
  const venue = venueCondition(user, input.venueId)
  if (venue !== undefined) where.venueId = venue
  if (input.status) where.status = input.status
  if (input.category) where.category = input.category
  const reports = await store.find('gridReports', where, { limit: LIST_MAX, orderBy: ['createdAt', 'desc'] })
  if (reports.length === 0) return { items: [], points: [] }
  const ids = reports.map((r) => r._id)
  const reporters = [...new Set(reports.map((r) => r.openid))]
  const [people, venues, duplicates, members] = await Promise.all([
    store.findAll('users', { _id: _.in(reporters) }, { _id: true, nickname: true }),
    store.findAll('venues', {}, { _id: true, name: true }),
    store.rows<DuplicateCount>(
      store
        .aggregate('gridReports')
        .match({ duplicateOf: _.in(ids) })
        .group({ _id: '$duplicateOf', count: _.aggregate.sum(1) })
        .limit(LIST_MAX)
    ),
    store.findAll('gridMembers', { _id: _.in(reporters) }, { _id: true, outlet: true, status: true })
  ])
  const names = namesOf(venues)
  const nicknames = new Map(people.map((p) => [p._id, p.nickname]))
  const outlets = new Map(members.filter((m) => m.status === 'approved').map((m) => [m._id, m.outlet]))
  const linked = new Map(duplicates.map((d) => [d._id, d.count]))
  const items: HandledReport[] = reports.map((r) => {
    const outlet = r.outlet ?? outlets.get(r.openid)
    return {
      ...reportView(r, names.get(r.venueId) ?? ''),
      reporter: { nickname: nicknames.get(r.openid) || '居民', ...(outlet ? { outlet } : {}) },
      duplicates: linked.get(r._id) ?? 0
    }
  })
  const points = reports
    .filter((r) => ACTIVE_REPORT_STATUSES.includes(r.status))
    .map((r) => ({ _id: r._id, lat: r.location.lat, lng: r.location.lng, category: r.category, status: r.status }))
  return { items, points }
}

/** The texts of a step the reporter will read. */
function stepTexts(step: StepInput) {
  switch (step.step) {
    case 'assign':
      return [{ field: 'assignee', label: '处置人/部门', text: step.assignee }]
    case 'resolve':
      return [{ field: 'note', label: '处理结果', text: step.note }]
    case 'reject':
      return [{ field: 'reason', label: '退回原因', text: step.reason }]
  }
}

/** One handler step on a report of their centre: written only if nobody moved it meanwhile, audited, and told. */
async function takeStep(ctx: OrganizerCtx<{ reportId: string }>, step: StepInput): Promise<ReportStepOutput> {
  const { input, user, now } = ctx
  const [report, linked] = await Promise.all([
    store.get('gridReports', input.reportId),
    step.step === 'assign' ? Promise.resolve([]) : store.find('gridReports', { duplicateOf: input.reportId }, { limit: LIST_MAX, fields: { _id: true, openid: true } })
  ])
  if (!report) throw new DomainError('NOT_FOUND', REPORT_NOT_FOUND, 'reportId')
  requireVenue(user, report.venueId, 'reportId')
  const moved = stepReport(report, step, 'handler', now)
  if (!moved.ok) throw new DomainError('CONFLICT', moved.message, 'reportId')
  await requireShownTextsSafe(stepTexts(step), ctx.openid)
  const next = moved.report
  const changed = await store.update(
    'gridReports',
    { _id: report._id, status: report.status, updatedAt: report.updatedAt },
    {
      status: next.status,
      history: next.history,
      updatedAt: now,
      ...(next.assignee !== undefined ? { assignee: next.assignee } : {}),
      ...(next.resolution ? { resolution: next.resolution, resolvedAt: now } : {}),
      ...(next.rejectReason !== undefined ? { rejectReason: next.rejectReason } : {})
    }
  )
  if (changed !== 1) throw new DomainError('CONFLICT', '这条上报刚刚有了变化，请刷新后再试', 'reportId')
  const notice = reportNotice(next)
  const subject = `随手拍：${gridCategoryName(next.category)}`
  const told = [report.openid, ...linked.map((d) => d.openid)]
  const [venue, , notified] = await Promise.all([
    store.get('venues', report.venueId),
    audit(ctx, `${step.step}Report`, `gridReports/${report._id}`, { status: next.status, ...Object.fromEntries(stepTexts(step).map((t) => [t.field, t.text])) }),
    queueMessages([...new Set(told)].map((openid) => message(openid, report._id, `report-${next.status}`, subject, notice.state, notice.note, now)))
  ])
  return { report: reportView(next, venue?.name ?? ''), notified }
}

export const assignReport = (ctx: OrganizerCtx<AssignReportInput>): Promise<ReportStepOutput> =>
  takeStep(ctx, { step: 'assign', assignee: ctx.input.assignee })

export const resolveReport = (ctx: OrganizerCtx<ResolveReportInput>): Promise<ReportStepOutput> =>
  takeStep(ctx, { step: 'resolve', note: ctx.input.note, photo: ctx.input.photo })

export const rejectReport = (ctx: OrganizerCtx<RejectReportInput>): Promise<ReportStepOutput> =>
  takeStep(ctx, { step: 'reject', reason: ctx.input.reason })

export async function gridStats(ctx: OrganizerCtx<GridStatsInput>): Promise<GridStatsOutput> {
  const { input, user, now } = ctx
  const months = lastMonths(now, input.months ?? STATS_MONTHS)
  const where: Record<string, unknown> = { month: _.in(months) }
  const venue = venueCondition(user, input.venueId)
  if (venue !== undefined) where.venueId = venue
  const rows = await store.rows<{ _id: Omit<GridStatsRow, 'count'>; count: number }>(
    store
      .aggregate('gridReports')
      .match(where)
      .group({ _id: { month: '$month', category: '$category', status: '$status' }, count: _.aggregate.sum(1) })
      .limit(1000)
  )
  return countReports(
    rows.map((row) => ({ ...row._id, count: row.count })),
    months
  )
}
