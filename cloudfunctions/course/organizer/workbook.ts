/**
 * The roster/attendance workbook of `exportRoster`: built with exceljs, uploaded to cloud storage under
 * `exports/<courseId>/<timestamp>.xlsx`, answered with a temporary download link.
 */
import type { RosterEntry } from '@core/api/course'
import { USER_GROUP_LABELS } from '@core/api/user'
import type { BookingStatus, SessionDoc } from '@core/booking'
import { dateKey, formatTime, weekdayOf, WEEKDAY_LABELS } from '@core/time'
import type ExcelJS from 'exceljs'
import { cloud } from '../../_shared'
import { HAD_SEAT } from './stats'

export interface ExportSession {
  session: Pick<SessionDoc, '_id' | 'startAt' | 'endAt' | 'capacity' | 'status'>
  entries: RosterEntry[]
}

export interface ExportInput {
  courseTitle: string
  venueName: string
  sessions: ExportSession[]
  now: number
}

const STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: '已预约',
  waitlisted: '候补',
  held: '保留名额待确认',
  cancelled: '已取消',
  attended: '已签到',
  no_show: '缺席'
}

function statusLabel(e: RosterEntry): string {
  if (e.status === 'waitlisted' && e.lottery === 'entered') return '抽签中'
  if (e.status === 'cancelled' && e.lateCancel) return '临时取消'
  return STATUS_LABELS[e.status]
}

const dateTime = (at: number): string => `${dateKey(at)} ${formatTime(at)}`
const classTime = (s: ExportSession['session']): string =>
  `${dateKey(s.startAt)} ${WEEKDAY_LABELS[weekdayOf(s.startAt)]} ${formatTime(s.startAt)}–${formatTime(s.endAt)}`

function sessionState(s: ExportSession['session'], now: number): string {
  if (s.status === 'cancelled') return '已取消'
  return s.startAt <= now ? '已开课' : '未开课'
}

function styleHeader(sheet: ExcelJS.Worksheet): void {
  const header = sheet.getRow(1)
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F3EC' } }
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
}

/** Returns the xlsx bytes and the number of roster rows. */
export async function buildRosterWorkbook(input: ExportInput): Promise<{ buffer: Buffer; rows: number }> {
  // Loaded on first export only: the library is large and every other action of `course` (booking!) would pay for
  // evaluating it at cold start.
  const { default: Excel } = await import('exceljs')
  const book = new Excel.Workbook()
  book.creator = '友邻空间'
  book.created = new Date(input.now)

  const roster = book.addWorksheet('名单')
  roster.columns = [
    { header: '上课时间', key: 'classTime', width: 28 },
    { header: '昵称', key: 'nickname', width: 16 },
    { header: '身份', key: 'group', width: 12 },
    { header: '所在社区', key: 'community', width: 24 },
    { header: '状态', key: 'status', width: 14 },
    { header: '候补位次', key: 'position', width: 10 },
    { header: '签到时间', key: 'checkedInAt', width: 18 },
    { header: '现场加入', key: 'walkIn', width: 10 },
    { header: '预约时间', key: 'createdAt', width: 18 }
  ]
  styleHeader(roster)
  let rows = 0
  for (const { session, entries } of input.sessions) {
    for (const e of entries) {
      roster.addRow({
        classTime: classTime(session),
        nickname: e.nickname || '（未填写昵称）',
        group: e.group ? USER_GROUP_LABELS[e.group] : '未填写',
        community: e.community,
        status: statusLabel(e),
        position: e.position ?? '',
        checkedInAt: e.checkedInAt !== undefined ? dateTime(e.checkedInAt) : '',
        walkIn: e.walkIn ? '是' : '',
        createdAt: dateTime(e.createdAt)
      })
      rows++
    }
  }

  const attendance = book.addWorksheet('出勤')
  attendance.columns = [
    { header: '上课时间', key: 'classTime', width: 28 },
    { header: '场次状态', key: 'state', width: 10 },
    { header: '名额', key: 'capacity', width: 8 },
    { header: '有座', key: 'seated', width: 8 },
    { header: '候补', key: 'waiting', width: 8 },
    { header: '到场', key: 'attended', width: 8 },
    { header: '缺席', key: 'noShow', width: 8 },
    { header: '出勤率', key: 'rate', width: 10 }
  ]
  styleHeader(attendance)
  for (const { session, entries } of input.sessions) {
    const count = (pred: (e: RosterEntry) => boolean) => entries.filter(pred).length
    const seated = count((e) => HAD_SEAT.includes(e.status))
    const attended = count((e) => e.status === 'attended')
    const held = session.status === 'scheduled' && session.startAt <= input.now
    attendance.addRow({
      classTime: classTime(session),
      state: sessionState(session, input.now),
      capacity: session.capacity,
      seated,
      waiting: count((e) => e.status === 'waitlisted'),
      attended,
      noShow: count((e) => e.status === 'no_show'),
      // A rate only means something once the class has taken place.
      rate: held && seated > 0 ? attended / seated : ''
    })
  }
  attendance.getColumn('rate').numFmt = '0%'

  const info = book.addWorksheet('说明')
  info.addRows([
    ['课程', input.courseTitle],
    ['服务中心', input.venueName],
    ['导出时间', dateTime(input.now)],
    ['说明', '名单含个人信息，仅用于本中心课程组织，请勿外传。']
  ])
  info.getColumn(1).width = 12
  info.getColumn(2).width = 48

  const buffer = Buffer.from(await book.xlsx.writeBuffer())
  return { buffer, rows }
}

/** Uploads the workbook and returns its file id and a temporary download link. */
export async function uploadExport(
  courseId: string,
  now: number,
  buffer: Buffer
): Promise<{ fileID: string; tempFileURL: string }> {
  const { fileID } = await cloud.uploadFile({ cloudPath: `exports/${courseId}/${now}.xlsx`, fileContent: buffer })
  const res = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { tempFileURL: string; status: number; errMsg: string }[] }
  const link = res.fileList[0]
  if (!link || link.status !== 0 || !link.tempFileURL) {
    throw new Error(`getTempFileURL failed for ${fileID}: ${link?.errMsg ?? 'no result'}`)
  }
  return { fileID, tempFileURL: link.tempFileURL }
}
