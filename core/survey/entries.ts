/**
 * Tags turn answers into draft list entries: choosing the option 法律咨询 (tag `need:LEGAL`) files a draft 需求 under
 * LEGAL; an organization's 可提供场地 (`resource:VENUE`) a draft 资源. A tagged text question ("其他需求") files one
 * carrying the text. Organizers review the drafts grouped by code (review.ts) and the approved ones become the
 * centre's 需求清单 / 资源清单.
 *
 * One response files at most one entry per code, listing every answer that led to it, with a deterministic `_id`,
 * so writing the entries of a response twice (a retried submit) is a no-op. Only visible answers count. Entries
 * carry no personal information: definition.ts forbids question-level tags on personal questions, and an option
 * label is the organizer's text, not the respondent's.
 */
import { allQuestions, type Channel, type SurveyDefinition } from './definition'
import { walk } from './flow'
import type { RespondentGroup } from './respondent'
import { parseTag, type EntryList } from './taxonomy'

export const ENTRY_STATUSES = ['draft', 'approved', 'rejected'] as const
/** draft: awaiting review; approved: counted in a list item; rejected: not a real need/resource. */
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

/** Who answered, as entries and results count them (never an openid). */
export interface Respondent {
  responseId: string
  surveyId: string
  version: number
  /** The service centre whose survey it was: review happens per centre. */
  venueId: string
  channel: Channel
  group: RespondentGroup
}

/** One answer that led to an entry. */
export interface EntrySource {
  questionId: string
  /** The chosen option, for choice questions. */
  optionValue?: string
  /** The option's label, or the question's title for a text answer. */
  label: string
  /** The respondent's words, for a tagged text question. */
  text?: string
}

export interface DraftEntry extends Respondent {
  /** `${responseId}-${list}-${code}`. */
  _id: string
  list: EntryList
  code: string
  sources: EntrySource[]
  status: 'draft'
}

export const entryIdFor = (responseId: string, list: EntryList, code: string): string => `${responseId}-${list}-${code}`

/** The draft entries `answers` file under `def` (validated answers; hidden ones are ignored anyway). */
export function draftEntries(def: SurveyDefinition, answers: unknown, respondent: Respondent): DraftEntry[] {
  const { answers: visible } = walk(def, answers)
  const byKey = new Map<string, DraftEntry>()
  const file = (tags: readonly string[] | undefined, source: EntrySource) => {
    for (const tag of tags ?? []) {
      const parsed = parseTag(tag)
      if (!parsed) continue
      const _id = entryIdFor(respondent.responseId, parsed.list, parsed.code)
      const entry = byKey.get(_id)
      if (entry) entry.sources.push(source)
      else byKey.set(_id, { _id, ...respondent, list: parsed.list, code: parsed.code, sources: [source], status: 'draft' })
    }
  }
  for (const question of allQuestions(def)) {
    if (!Object.prototype.hasOwnProperty.call(visible, question.id)) continue
    const value = visible[question.id]
    switch (question.type) {
      case 'single':
      case 'multi': {
        const chosen = Array.isArray(value) ? value : [value]
        for (const option of question.options) {
          if (chosen.includes(option.value)) file(option.tags, { questionId: question.id, optionValue: option.value, label: option.label })
        }
        break
      }
      case 'text':
      case 'textarea':
        if (typeof value === 'string') file(question.tags, { questionId: question.id, label: question.title, text: value.trim() })
        break
      default:
        break
    }
  }
  return [...byKey.values()]
}
