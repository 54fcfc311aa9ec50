/**
 * Which questions a respondent sees and which pages they walk, given their answers so far — the single walk that the
 * filling page (show/hide, next/previous page, progress) and the function (which answers to keep) both use.
 *
 * The walk goes page by page from the first. On a page, a question is visible when its consent (if it names one) is
 * given and its show-if holds; after the page, the first jump whose condition holds picks the next page (or the end),
 * otherwise the next page follows. Conditions are evaluated on the answers of questions already found visible, never
 * on raw input: an answer left behind on a question that is now hidden (the respondent changed an earlier choice)
 * cannot keep a later question visible. Since conditions only read earlier questions, one pass decides everything.
 */
import { evaluate } from './conditions'
import { END_OF_SURVEY, isAnswerable, type Question, type SurveyDefinition, type SurveyPage } from './definition'
import { answerOf, isEmptyAnswer } from './values'

export interface Walk {
  /** The pages on the respondent's path, in order. */
  path: SurveyPage[]
  /** Visible questions (notes included) in order. */
  visible: Question[]
  /** The raw, non-empty answers of visible answerable questions: what conditions were evaluated against. */
  answers: Record<string, unknown>
}

/** Shown on its page? Its consent (if any) is given and its show-if holds on the answers kept so far. */
const shows = (question: Question, kept: Record<string, unknown>): boolean =>
  (question.consent === undefined || kept[question.consent] === true) &&
  (question.showIf === undefined || evaluate(question.showIf, kept))

/** The page index after page `p`, or -1 for the end. A jump backwards (never in a valid definition) is ignored. */
function after(def: SurveyDefinition, p: number, kept: Record<string, unknown>): number {
  for (const jump of def.pages[p].jumps ?? []) {
    if (!evaluate(jump.when, kept)) continue
    if (jump.to === END_OF_SURVEY) return -1
    const to = def.pages.findIndex((page) => page.id === jump.to)
    if (to > p) return to
  }
  return p + 1 < def.pages.length ? p + 1 : -1
}

/** The walk through `def` for `answers` (any JSON: only own keys of an object are read). */
export function walk(def: SurveyDefinition, answers: unknown): Walk {
  const path: SurveyPage[] = []
  const visible: Question[] = []
  // No prototype: a question id like `constructor` must not find anything but its own answer.
  const kept = Object.create(null) as Record<string, unknown>
  let p = def.pages.length > 0 ? 0 : -1
  while (p >= 0) {
    const page = def.pages[p]
    path.push(page)
    for (const question of page.questions) {
      if (!shows(question, kept)) continue
      visible.push(question)
      const answer = answerOf(answers, question.id)
      if (isAnswerable(question) && !isEmptyAnswer(answer)) kept[question.id] = answer
    }
    p = after(def, p, kept)
  }
  return { path, visible, answers: kept }
}

/** Visible questions in order (notes included), for rendering and for validation. */
export const visibleQuestions = (def: SurveyDefinition, answers: unknown): Question[] => walk(def, answers).visible

/** The pages the respondent walks with these answers. */
export const pagePath = (def: SurveyDefinition, answers: unknown): SurveyPage[] => walk(def, answers).path

/** The visible questions of one page. */
export function pageQuestions(def: SurveyDefinition, answers: unknown, pageId: string): Question[] {
  const page = def.pages.find((candidate) => candidate.id === pageId)
  if (!page) return []
  const visible = new Set(visibleQuestions(def, answers))
  return page.questions.filter((question) => visible.has(question))
}

/** The page after `pageId` on the respondent's path, or null when submitting comes next. */
export function nextPage(def: SurveyDefinition, answers: unknown, pageId: string): SurveyPage | null {
  const { path } = walk(def, answers)
  const at = path.findIndex((page) => page.id === pageId)
  return at >= 0 && at + 1 < path.length ? path[at + 1] : null
}

/** The page before `pageId` on the path (where "上一页" goes), or null on the first page. */
export function previousPage(def: SurveyDefinition, answers: unknown, pageId: string): SurveyPage | null {
  const { path } = walk(def, answers)
  const at = path.findIndex((page) => page.id === pageId)
  return at > 0 ? path[at - 1] : null
}

export interface Progress {
  /** 1-based position of the current page on the path (0 when the page is not on it). */
  page: number
  /** Pages on the path as the answers stand; later answers can lengthen or shorten it. */
  pages: number
  /** Visible questions that take an answer, and how many of them have one. */
  questions: number
  answered: number
  /** Visible required questions still without an answer. */
  requiredLeft: number
  /** answered / questions, 0–100, rounded down (100 only when all are answered). */
  percent: number
}

export function progress(def: SurveyDefinition, answers: unknown, pageId: string): Progress {
  const { path, visible, answers: kept } = walk(def, answers)
  const answerable = visible.filter(isAnswerable)
  const isAnswered = (question: Question) => answerOf(kept, question.id) !== undefined
  const answered = answerable.filter(isAnswered).length
  const requiredLeft = answerable.filter((question) => question.required && !isAnswered(question)).length
  return {
    page: path.findIndex((page) => page.id === pageId) + 1,
    pages: path.length,
    questions: answerable.length,
    answered,
    requiredLeft,
    percent: answerable.length === 0 ? 100 : Math.floor((answered * 100) / answerable.length)
  }
}
