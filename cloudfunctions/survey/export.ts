/**
 * `export {surveyId, reveal?}` → {fileID, tempFileURL, fileName, rows, masked}: every submitted response as one xlsx
 * row, uploaded to cloud storage under `exports/surveys/<surveyId>/<instant>.xlsx` like course's roster export.
 *
 *   - Columns are version-stable (core resultColumns / rowFor): one per question and per multi-choice option of every
 *     version, in the order they first appeared, so a later version only adds columns at the end.
 *   - Masked by default: personal answers show the masked form stored beside them, so nothing is decrypted. `reveal`
 *     (admins only) decrypts them; either way the export is an `audit` entry (the file holds personal data).
 *   - Responses are read a page at a time (1000, in `_id` order) and each row is written to exceljs's streaming writer
 *     and committed at once, so the function holds one page of responses and the compressed file, never the whole set
 *     as objects — the cost grows with the file, not with a workbook model of it.
 */
import { PassThrough } from 'stream'
import type { ExportSurveyInput, ExportSurveyOutput } from '@core/api/survey'
import { DomainError } from '@core/api/result'
import { rowFor, resultColumns, type ResponseDoc, type ResponseRow, type ResultColumn } from '@core/survey'
import { dateKey, formatDateTime } from '@core/time'
import { hasRole } from '@core/user'
import { _, audit, cloud, PAGE_SIZE, type Where } from '../_shared'
import { dataKeys } from './keys'
import { managedSurveyDoc, type Ctx } from './manage'
import { publishedVersions, store, versionsWithCurrent } from './repo'
import { openAnswers } from './sealing'

/** A file name people recognise in their downloads: 新就业群体需求调查-答卷-2025-05-20.xlsx */
const exportFileName = (title: string, now: number, reveal: boolean): string =>
  `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}-答卷${reveal ? '（含完整个人信息）' : ''}-${dateKey(now)}.xlsx`

/**
 * The submitted responses of a survey, a page at a time in `_id` order, each page the ids after the last one seen
 * (before the first: after '', which every response id is) — one query shape the id index answers page by page.
 */
async function* responsePages(surveyId: string): AsyncGenerator<ResponseDoc[]> {
  let after = ''
  for (;;) {
    const where: Where = { surveyId, status: 'submitted', _id: _.gt(after) }
    const page = await store.find('responses', where, { limit: PAGE_SIZE, orderBy: ['_id', 'asc'], fields: { facets: false } })
    if (page.length > 0) yield page
    if (page.length < PAGE_SIZE) return
    after = page[page.length - 1]._id
  }
}

/** A stored response as core's row source; with `reveal`, its personal answers opened. */
function responseRow(response: ResponseDoc, reveal: boolean): ResponseRow {
  const masked = Object.fromEntries(Object.entries(response.sealed).map(([id, sealed]) => [id, sealed.masked]))
  return {
    _id: response._id,
    version: response.version,
    channel: response.channel,
    group: response.group,
    submittedAt: response.submittedAt ?? response.createdAt,
    answers: reveal ? { ...response.answers, ...openAnswers(dataKeys(), response._id, response.sealed) } : response.answers,
    masked,
    ...(response.enteredBy ? { enteredBy: response.enteredBy.name } : {}),
    ...(response.visit ? { visit: { place: response.visit.place, at: response.visit.at } } : {})
  }
}

const columnWidth = (column: ResultColumn): number => (column.kind === 'option' ? 14 : column.kind === 'meta' ? 16 : 24)

/** Uploads the workbook and answers its file id and a temporary download link. */
async function upload(surveyId: string, now: number, buffer: Buffer): Promise<{ fileID: string; tempFileURL: string }> {
  const { fileID } = await cloud.uploadFile({ cloudPath: `exports/surveys/${surveyId}/${now}.xlsx`, fileContent: buffer })
  const res = (await cloud.getTempFileURL({ fileList: [fileID] })) as { fileList: { tempFileURL: string; status: number; errMsg: string }[] }
  const link = res.fileList[0]
  if (!link || link.status !== 0 || !link.tempFileURL) throw new Error(`getTempFileURL failed for ${fileID}: ${link?.errMsg ?? 'no result'}`)
  return { fileID, tempFileURL: link.tempFileURL }
}

export async function exportSurvey(ctx: Ctx<ExportSurveyInput>): Promise<ExportSurveyOutput> {
  const reveal = ctx.input.reveal === true
  if (reveal && !hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', '只有管理员可以导出完整的个人信息', 'reveal')
  const [survey, published] = await Promise.all([managedSurveyDoc(ctx, ctx.input.surveyId), publishedVersions(ctx.input.surveyId)])
  const versions = versionsWithCurrent(survey, published)
  const columns = resultColumns(versions)

  // Loaded on first export only: the library is large, and every other action (submit!) would pay for it at cold start.
  const { default: Excel } = await import('exceljs')
  const sink = new PassThrough()
  const chunks: Buffer[] = []
  sink.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve)
    sink.on('error', reject)
  })
  const book = new Excel.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false })
  book.creator = '友邻空间'
  book.created = new Date(ctx.now)

  const sheet = book.addWorksheet('答卷', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: columnWidth(column) }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  let rows = 0
  for await (const page of responsePages(survey._id)) {
    for (const response of page) {
      sheet.addRow(rowFor(columns, responseRow(response, reveal), { reveal })).commit()
      rows++
    }
  }
  sheet.commit()

  const info = book.addWorksheet('说明')
  info.columns = [{ width: 14 }, { width: 60 }]
  for (const line of [
    ['问卷', survey.title],
    ['版本', versions.map((v) => `第${v.version}版`).join('、')],
    ['答卷', `${rows}份（已作废的不含在内）`],
    ['导出时间', formatDateTime(ctx.now)],
    ['个人信息', reveal ? '本文件含完整的个人信息，仅限本中心回访使用，请勿外传，用后删除。' : '个人信息已脱敏显示。'],
    ['多选题', '每个选项一列：1 表示选了，0 表示答了这道题但没选，空白表示没有回答这道题。']
  ]) {
    info.addRow(line).commit()
  }
  info.commit()
  await book.commit()
  await finished

  const { fileID, tempFileURL } = await upload(survey._id, ctx.now, Buffer.concat(chunks))
  await audit(ctx, 'exportSurvey', `surveys/${survey._id}`, { fileID, rows, masked: !reveal })
  return { fileID, tempFileURL, fileName: exportFileName(survey.title, ctx.now, reveal), rows, masked: !reveal }
}
