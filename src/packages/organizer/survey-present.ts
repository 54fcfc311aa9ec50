/**
 * What the organizer's questionnaire pages share: the route of each page, how a questionnaire's state reads in a
 * list (one tag: 草稿, 进行中, 名额已满 …), and counts as they read when some are withheld from display.
 */
import Taro from '@tarojs/taro'
import type { ManagedSurvey } from '@core/api/survey'
import { AVAILABILITY_LABELS, CHANNEL_LABELS, RESPONSE_LIMIT_LABELS, type Availability, type Count, type SurveyDefinition } from '@core/survey'
import { formatDateTime } from '@core/time'

export type SurveyPage = 'survey' | 'survey-edit' | 'survey-results' | 'survey-responses' | 'survey-review' | 'survey-visit'

/** '/packages/organizer/survey-results?surveyId=…' */
export function surveyUrl(page: SurveyPage, params: Record<string, string> = {}): string {
  const query = Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')
  return `/packages/organizer/${page}${query ? `?${query}` : ''}`
}

export const openSurveyPage = (page: SurveyPage, params?: Record<string, string>): void =>
  void Taro.navigateTo({ url: surveyUrl(page, params) })

/** The tag a questionnaire wears in lists: whether it takes answers now. */
export const availabilityTag = (availability: Availability): { text: string; muted: boolean } => ({
  text: AVAILABILITY_LABELS[availability],
  muted: availability !== 'open'
})

/** '第2版 · 320 份答卷' */
export const surveyFacts = (survey: Pick<ManagedSurvey, 'version' | 'responses'>): string => `第${survey.version}版 · ${survey.responses} 份答卷`

/** The settings in one line each, as the questionnaire's page lists them. */
export function settingsLines(definition: SurveyDefinition): string[] {
  const { openAt, closeAt, limit, channels, quotas } = definition.settings
  const window =
    openAt === undefined && closeAt === undefined
      ? '发布后即可填写，直到手动结束'
      : `${openAt === undefined ? '发布后' : formatDateTime(openAt)} 至 ${closeAt === undefined ? '手动结束' : formatDateTime(closeAt)}`
  return [
    `填写时间：${window}`,
    `${RESPONSE_LIMIT_LABELS[limit]} · ${channels.map((c) => CHANNEL_LABELS[c]).join('、')}`,
    ...(quotas ?? []).map((quota) => `名额「${quota.label}」：${quota.limit} 份`)
  ]
}

/** A count that may be withheld (fewer than 5, or one that would give a withheld one away). */
export const countText = (count: Count): string => (count === null ? '—' : String(count))

/** '38%' of the answers; '—' when withheld. */
export const shareText = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`)
