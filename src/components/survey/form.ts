/**
 * The state of a questionnaire being filled, page by page — shared by the respondent's filling page and the
 * organizer's visit entry, so both show, hide, number, check and move exactly alike. Every decision is core's: which
 * questions and pages are on the respondent's path (walk, nextPage, previousPage), progress, and every problem
 * (checkAnswer, answerProblems) — the function runs the same code on submit.
 *
 * When problems show: a question's own problem once something was entered and the field was left (checkAnswer; a
 * half-typed phone number is not yet wrong); every problem of a page — required ones too — once 下一页 was tapped on it;
 * of every page on 提交. An untouched form is unfinished, not wrong. Shown problems follow the answers live, so fixing
 * one clears it at once.
 *
 * Answers are kept as entered, hidden ones included (someone who switches 骑手 → 居民 → 骑手 gets their answers back);
 * core drops hidden answers on every save and submit.
 */
import { useCallback, useMemo, useState } from 'react'
import { checkAnswer, answerProblems } from '@core/survey/answers'
import { isAnswerable, type Question, type SurveyDefinition, type SurveyPage } from '@core/survey/definition'
import { nextPage, previousPage, progress, walk, type Progress } from '@core/survey/flow'
import { isEmptyAnswer } from '@core/survey/values'

export type RawAnswers = Record<string, unknown>

export interface SurveyFormOptions {
  /** The instant of answering (relative date bounds); a minute-fresh clock is enough. */
  now: number
  /** Answers to start from (a resumed draft). */
  initial?: RawAnswers
  /** The page to open on; by default the one the initial answers leave off at (resumePageId). */
  startPage?: string
}

/** What 下一页 or 提交 led to. */
export type NextStep =
  | { kind: 'page'; pageId: string }
  /** Nothing more to fill: submitting comes next. */
  | { kind: 'end' }
  /** Something to fix first; `questionId` is the first question to scroll to. */
  | { kind: 'blocked'; message: string; questionId?: string }

export interface SurveyForm {
  answers: RawAnswers
  page: SurveyPage
  /** Visible questions of the current page. */
  questions: Question[]
  /** Question id → its number among the visible questions that take an answer. */
  numbers: Record<string, number>
  /** Question id → the problem to show now. */
  errors: Record<string, string>
  progress: Progress
  isFirst: boolean
  /** No page follows on the path as the answers stand: the button says 提交. */
  isLast: boolean
  /** A photo is still uploading. */
  busy: boolean
  change: (questionId: string, value: unknown) => void
  settle: (questionId: string) => void
  setBusy: (questionId: string, busy: boolean) => void
  /** 下一页: checks the page, and moves on when it is fine. */
  next: () => NextStep
  back: () => void
  /** 提交: checks every page on the path; on a problem, goes to its page. */
  checkAll: () => NextStep
  goTo: (pageId: string) => void
}

export const UPLOADING_MESSAGE = '图片还在上传，请稍等一下'

/**
 * The page someone resuming should see: the furthest page on their path holding an answer (where they left off), the
 * first page when there is none.
 */
export function resumePageId(def: SurveyDefinition, answers: RawAnswers): string {
  const { path, answers: kept } = walk(def, answers)
  let at = path[0]?.id ?? def.pages[0].id
  for (const page of path) if (page.questions.some((q) => isAnswerable(q) && kept[q.id] !== undefined)) at = page.id
  return at
}

/** The first problem per question (core reports one per question at most), keyed by question id. */
export function problemsById(def: SurveyDefinition, answers: RawAnswers, now: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const fail of answerProblems(def, answers, { now, mode: 'submit' })) {
    const id = fail.field?.replace(/^answers\./, '')
    if (id && out[id] === undefined) out[id] = fail.message
  }
  return out
}

/** Without empty values: an emptied field is "not answered", as core reads it, and is not sent. */
export function withAnswer(answers: RawAnswers, questionId: string, value: unknown): RawAnswers {
  const next = { ...answers }
  if (isEmptyAnswer(value)) delete next[questionId]
  else next[questionId] = value
  return next
}

export function useSurveyForm(def: SurveyDefinition, { now, initial, startPage }: SurveyFormOptions): SurveyForm {
  const [answers, setAnswers] = useState<RawAnswers>(() => initial ?? {})
  const [pageId, setPageId] = useState(() => startPage ?? resumePageId(def, initial ?? {}))
  const [settled, setSettled] = useState<ReadonlySet<string>>(() => new Set())
  const [attempted, setAttempted] = useState<ReadonlySet<string>>(() => new Set())
  const [uploading, setUploading] = useState<ReadonlySet<string>>(() => new Set())

  const walked = useMemo(() => walk(def, answers), [def, answers])
  const problems = useMemo(() => problemsById(def, answers, now), [def, answers, now])
  const page = def.pages.find((p) => p.id === pageId) ?? def.pages[0]

  const visible = useMemo(() => new Set(walked.visible.map((q) => q.id)), [walked])
  const questions = useMemo(() => page.questions.filter((q) => visible.has(q.id)), [page, visible])
  const numbers = useMemo(() => {
    const out: Record<string, number> = {}
    walked.visible.filter(isAnswerable).forEach((q, i) => (out[q.id] = i + 1))
    return out
  }, [walked])

  const errors: Record<string, string> = {}
  for (const question of questions) {
    if (attempted.has(page.id)) {
      if (problems[question.id]) errors[question.id] = problems[question.id]
      continue
    }
    const raw = answers[question.id]
    if (!settled.has(question.id) || isEmptyAnswer(raw) || !isAnswerable(question)) continue
    const checked = checkAnswer(question, raw, now)
    if (!checked.ok) errors[question.id] = checked.message
  }

  const change = useCallback((questionId: string, value: unknown) => setAnswers((a) => withAnswer(a, questionId, value)), [])
  const settle = useCallback((questionId: string) => setSettled((s) => (s.has(questionId) ? s : new Set(s).add(questionId))), [])
  const setBusy = useCallback(
    (questionId: string, busy: boolean) =>
      setUploading((s) => {
        if (s.has(questionId) === busy) return s
        const next = new Set(s)
        if (busy) next.add(questionId)
        else next.delete(questionId)
        return next
      }),
    []
  )
  const markAttempted = (id: string) => setAttempted((s) => (s.has(id) ? s : new Set(s).add(id)))
  const busy = uploading.size > 0

  const next = (): NextStep => {
    if (busy) return { kind: 'blocked', message: UPLOADING_MESSAGE }
    const first = questions.find((q) => problems[q.id] !== undefined)
    if (first) {
      markAttempted(page.id)
      return { kind: 'blocked', message: problems[first.id], questionId: first.id }
    }
    const following = nextPage(def, answers, page.id)
    if (!following) return { kind: 'end' }
    setPageId(following.id)
    return { kind: 'page', pageId: following.id }
  }

  const checkAll = (): NextStep => {
    if (busy) return { kind: 'blocked', message: UPLOADING_MESSAGE }
    const first = walked.visible.find((q) => problems[q.id] !== undefined)
    if (!first) return { kind: 'end' }
    const at = walked.path.find((p) => p.questions.includes(first)) ?? page
    markAttempted(at.id)
    setPageId(at.id)
    return { kind: 'blocked', message: problems[first.id], questionId: first.id }
  }

  const back = () => {
    const previous = previousPage(def, answers, page.id)
    if (previous) setPageId(previous.id)
  }

  return {
    answers,
    page,
    questions,
    numbers,
    errors,
    progress: progress(def, answers, page.id),
    isFirst: previousPage(def, answers, page.id) === null,
    isLast: nextPage(def, answers, page.id) === null,
    busy,
    change,
    settle,
    setBusy,
    next,
    back,
    checkAll,
    goTo: setPageId
  }
}
