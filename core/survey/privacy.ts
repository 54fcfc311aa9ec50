/**
 * Which answers of a response are personal information, split from the rest so the function can store them
 * protected: each comes with its masked form (stored beside the ciphertext, so lists and the default export never
 * decrypt) and, for classes that identify a person, the exact text to hash for dedupe. The function encrypts
 * `value` and hashes `hashMaterial` with its keys; nothing here is secret.
 */
import { allQuestions, isAnswerable, type Question, type SurveyDefinition } from './definition'
import { normalizeMobile } from './formats'
import { hashMaterial, isPersonal, isSensitive, PII_INFO, type PiiClass } from './pii'
import { maskedAnswer } from './display'
import type { Answers, AnswerValue } from './values'

export interface ProtectedAnswer {
  questionId: string
  pii: PiiClass
  /** PIPL art. 28 sensitive personal information. */
  sensitive: boolean
  /** The plain value: encrypt it, never store it as is. */
  value: AnswerValue
  /** For display without the unmask right: 138****5678. */
  masked: string
  /** For the keyed dedupe hash ('phone:13812345678'); absent when the class does not identify a person. */
  hashMaterial?: string
}

/** Questions that collect personal information, in order (for the privacy notice and the builder's summary). */
export const personalQuestions = (def: SurveyDefinition): Question[] =>
  allQuestions(def).filter((question) => isAnswerable(question) && isPersonal(question.pii))

/** The classes a questionnaire collects, each once, in order: '本问卷会收集：手机号、位置（行踪）'. */
export const collectedPii = (def: SurveyDefinition): PiiClass[] => [...new Set(personalQuestions(def).map((q) => q.pii))]

export const collectedPiiText = (def: SurveyDefinition): string =>
  collectedPii(def)
    .map((pii) => PII_INFO[pii].label)
    .join('、')

/**
 * Validated answers split into the open part (stored as is) and the protected part. `answers` are the output of
 * validateAnswers, so every id is a question of `def`.
 */
export function separatePii(def: SurveyDefinition, answers: Answers): { open: Answers; protected: ProtectedAnswer[] } {
  const open: Answers = {}
  const protectedAnswers: ProtectedAnswer[] = []
  for (const question of allQuestions(def)) {
    if (!Object.prototype.hasOwnProperty.call(answers, question.id)) continue
    const value = answers[question.id]
    if (!isPersonal(question.pii)) {
      open[question.id] = value
      continue
    }
    const material = hashMaterial(question.pii, value)
    protectedAnswers.push({
      questionId: question.id,
      pii: question.pii,
      sensitive: isSensitive(question.pii),
      value,
      masked: maskedAnswer(question, value),
      ...(material === undefined ? {} : { hashMaterial: material })
    })
  }
  return { open, protected: protectedAnswers }
}

/**
 * The dedupe material of the phone an organizer records for a visit entry (submit's `proxy.respondentPhone`), in the
 * same form as a phone answer's: the same person's number hashes alike whichever way it was typed or entered.
 */
export function respondentPhoneMaterial(phone: string): string | undefined {
  const mobile = normalizeMobile(phone)
  return mobile === undefined ? undefined : hashMaterial('phone', mobile)
}
