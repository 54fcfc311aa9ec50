/**
 * What every question renderer takes. One shape for all twelve types, so a page (filling, the organizer's visit entry,
 * the builder's live preview) renders a list of questions without knowing their types.
 */
import type { Question } from '@core/survey/definition'

/**
 * Who is in front of the form:
 *   self    — the respondent, filling in for themselves;
 *   proxy   — an organizer entering a visit (走访录入) for a resident: the consent toggle records that the resident
 *             agreed aloud, and hints speak of 受访者;
 *   preview — the builder's live preview: everything reacts as it would for a respondent, but no photo is uploaded.
 */
export type RendererMode = 'self' | 'proxy' | 'preview'

export interface QuestionFieldProps {
  question: Question
  /**
   * The answer as the page holds it, which may be unfinished: a number question keeps what was typed ('3.', 'abc')
   * so that core's checkAnswer can say what is wrong with it. undefined = not answered.
   */
  value: unknown
  /** A new answer; undefined clears it (an emptied text, an unticked consent). */
  onChange: (value: unknown) => void
  /** Typing in the field finished (blur): the page starts showing its problems from here on. */
  onSettle?: () => void
  /** The problem to show under the question (from core: checkAnswer after input, answerProblems on 下一页/提交). */
  error?: string
  mode?: RendererMode
  /** Shows the answer as text, without controls (a queued visit entry, a response being looked at). */
  readOnly?: boolean
  /** The instant of answering: relative date bounds and where the date wheels open. */
  now: number
  /** Where image answers are uploaded in cloud storage, e.g. `survey-images/<surveyId>`. */
  uploadFolder?: string
  /** Photos of this question are still uploading: the page holds back 下一页 and 提交 meanwhile. */
  onBusy?: (busy: boolean) => void
  /** Its position among the visible questions (1-based), shown before the title. */
  number?: number
}

/** What a type's control gets: the same props minus the parts the shared frame (title, error, number) draws. */
export type ControlProps<Q extends Question = Question> = Omit<QuestionFieldProps, 'question' | 'error' | 'number' | 'readOnly'> & {
  question: Q
  /** Element id prefix of this question's controls: `q-<questionId>`. */
  idBase: string
  /** Whether a problem is shown, for the control's own red outline. */
  invalid: boolean
}
