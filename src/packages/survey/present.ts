/**
 * How the questionnaire pages word things: times relative to today, a survey's deadline and the caller's own mark,
 * what the save indicator says, and the notice of what personal information a questionnaire asks. Wording only; the
 * rules (open or not, what is personal) are core's and come with the data.
 */
import type { MyResponseMark, SurveyListItem } from '@core/api/survey'
import { AVAILABILITY_LABELS } from '@core/survey/model'
import { formatDay, formatTime } from '@core/time'
import type { SaveState } from './draft-saver'

/** '今天 19:00', '11月27日 周五 19:00' */
export const whenText = (at: number, now: number): string => `${formatDay(at, now)} ${formatTime(at)}`

/** What the list says beside the title: '进行中 · 12月31日 周三 18:00 截止', '已结束'. */
export function statusText(item: Pick<SurveyListItem, 'availability' | 'closeAt' | 'openAt'>, now: number): string {
  const label = AVAILABILITY_LABELS[item.availability]
  if (item.availability === 'open' && item.closeAt !== undefined) return `${label} · ${whenText(item.closeAt, now)} 截止`
  if (item.availability === 'upcoming' && item.openAt !== undefined) return `${whenText(item.openAt, now)} 开始`
  return label
}

/** The caller's own mark: '已提交 · 今天 10:05', '填了一半 · 今天 10:05 保存'. */
export const mineText = (mine: MyResponseMark, now: number): string =>
  mine.status === 'submitted' ? `已提交 · ${whenText(mine.updatedAt, now)}` : `填了一半 · ${whenText(mine.updatedAt, now)} 保存`

/** The quiet indicator beside the progress: nothing until there is something to say. */
export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return ''
    case 'saving':
      return '保存中…'
    case 'saved':
      return '已保存'
    case 'local':
      return '已存在本机，联网后自动保存'
  }
}

/** The first screen's notice of personal information, from the survey's `collects` (core collectedPiiText). */
export const piiNotice = (collects: string): string =>
  collects
    ? `本问卷会问到：${collects}。这些个人信息加密保存，只用于问卷说明的用途，敏感信息要你单独同意后才会询问。`
    : '本问卷不收集姓名、手机号等个人信息。'
