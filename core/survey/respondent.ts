/**
 * The respondent group (骑手/快递员/网约车司机/居民 …) a response counts under in results and list review. A
 * questionnaire can ask it (`settings.groupQuestion`, a single choice whose option values are user groups) — the only
 * source for responses entered on visits — otherwise the respondent's profile says it; failing both, 'unknown'.
 */
import { USER_GROUP_LABELS, USER_GROUPS, type UserGroup } from '../api/user'
import type { SurveyDefinition } from './definition'
import { answerOf } from './values'

export const RESPONDENT_GROUPS = [...USER_GROUPS, 'unknown'] as const
export type RespondentGroup = (typeof RESPONDENT_GROUPS)[number]

export const RESPONDENT_GROUP_LABELS: Record<RespondentGroup, string> = { ...USER_GROUP_LABELS, unknown: '未填写' }

const isUserGroup = (value: unknown): value is UserGroup => (USER_GROUPS as readonly unknown[]).includes(value)

/** The group from the group question's answer, else from the profile ('' = unset), else 'unknown'. */
export function respondentGroup(def: SurveyDefinition, answers: unknown, profileGroup?: UserGroup | ''): RespondentGroup {
  const question = def.settings.groupQuestion
  const answered = question === undefined ? undefined : answerOf(answers, question)
  if (isUserGroup(answered)) return answered
  return profileGroup !== undefined && profileGroup !== '' ? profileGroup : 'unknown'
}
