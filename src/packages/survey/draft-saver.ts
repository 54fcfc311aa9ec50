/**
 * Saving a filling as it goes: every change is written to this phone at once (it survives closing the app and a dead
 * connection) and to the server's draft (`saveDraft`) 1.5 s after the typing stops, on every page change and when the
 * page is left — so another device resumes it. One save runs at a time; changes made meanwhile are saved right after.
 *
 * The server is sent only what it would keep (core keepValidAnswers): a half-typed phone number must not make the
 * whole save fail. After a submit nothing is saved any more. A save the server refuses for good (the filling was
 * submitted on another device, the questionnaire closed) is handed to the page, which reloads and says why.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useUnload } from '@tarojs/taro'
import type { Fail } from '@core/api/result'
import { keepValidAnswers } from '@core/survey/answers'
import type { SurveyDefinition } from '@core/survey/definition'
import { call } from '@/cloud/call'
import { SURVEY_DRAFT_KEY_PREFIX } from '@/session/device-data'
import { asLocalDraft, type LocalDraft, type RawAnswers } from './resume'

const SAVE_AFTER_MS = 1500
/** After a failed save, the next attempt comes this much later (or with the next change). */
const RETRY_AFTER_MS = 15_000

const keyOf = (surveyId: string) => `${SURVEY_DRAFT_KEY_PREFIX}${surveyId}`

export const readLocalDraft = (surveyId: string): LocalDraft | undefined => asLocalDraft(Taro.getStorageSync(keyOf(surveyId)))
export const writeLocalDraft = (surveyId: string, draft: LocalDraft): void => Taro.setStorageSync(keyOf(surveyId), draft)
export const clearLocalDraft = (surveyId: string): void => Taro.removeStorageSync(keyOf(surveyId))

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  /** Not saved to the server (no connection): kept on this phone, retried. */
  | { kind: 'local' }

export interface DraftSaverOptions {
  surveyId: string
  version: number
  clientId: string
  definition: SurveyDefinition
  answers: RawAnswers
  /** The server's savedAt of the draft resumed, if any. */
  savedAt?: number
  /** The answers opened with are this phone's copy, not yet on the server: saved at once. */
  unsaved?: boolean
  /** The server refused to keep the draft (INVALID_INPUT aside): the page reloads and says why. */
  onRefused: (fail: Fail) => void
}

export interface DraftSaver {
  state: SaveState
  /** Saves now if anything is unsaved (page change, leaving). */
  flush: () => void
  /** Submitting: cancels what is pending and saves nothing more… */
  stop: () => void
  /** …unless the submit did not go through: saving goes on. */
  resume: () => void
}

/** What the last save did, and for which answers: 已保存 is true only while those are still the answers shown. */
type Progress = { kind: 'idle' | 'saving' | 'local' } | { kind: 'saved'; at: number; answers: RawAnswers }

export function useDraftSaver({ surveyId, version, clientId, definition, answers, savedAt, unsaved, onRefused }: DraftSaverOptions): DraftSaver {
  const [progress, setState] = useState<Progress>(() =>
    unsaved ? { kind: 'local' } : savedAt === undefined ? { kind: 'idle' } : { kind: 'saved', at: savedAt, answers }
  )
  const latest = useRef({ answers, dirty: unsaved === true, lastSavedAt: savedAt, onRefused })
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const running = useRef(false)
  const stopped = useRef(false)
  const first = useRef(true)

  const schedule = useCallback((ms: number, run: () => void) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(run, ms)
  }, [])

  const flush = useCallback(() => {
    const run = async (): Promise<void> => {
      clearTimeout(timer.current)
      if (stopped.current || !latest.current.dirty) return
      if (running.current) return // the running save goes again when it ends
      running.current = true
      setState({ kind: 'saving' })
      const sent = latest.current.answers
      const res = await call('survey', 'saveDraft', {
        surveyId,
        clientId,
        version,
        answers: keepValidAnswers(definition, sent, Date.now())
      })
      running.current = false
      if (stopped.current) return
      if (res.ok) {
        latest.current.lastSavedAt = res.data.draft.savedAt
        if (latest.current.answers === sent) {
          latest.current.dirty = false
          writeLocalDraft(surveyId, { clientId, answers: sent, dirty: false, savedAt: res.data.draft.savedAt })
          setState({ kind: 'saved', at: res.data.draft.savedAt, answers: sent })
        } else {
          void run()
        }
        return
      }
      if (res.code === 'INTERNAL' || res.code === 'RATE_LIMITED') {
        // The write limit says when to come back; a failure of the service does not.
        setState({ kind: 'local' })
        schedule(res.retryAfter === undefined ? RETRY_AFTER_MS : res.retryAfter * 1000, () => void run())
        return
      }
      // INVALID_INPUT cannot come from answers core kept; anything else is the server saying no for good.
      stopped.current = true
      setState({ kind: 'local' })
      latest.current.onRefused(res)
    }
    void run()
  }, [surveyId, clientId, version, definition, schedule])

  useEffect(() => {
    latest.current.onRefused = onRefused
  })

  useEffect(() => {
    // The answers the page opened with are already where they came from.
    if (first.current) {
      first.current = false
      return
    }
    if (stopped.current) return
    latest.current.answers = answers
    latest.current.dirty = true
    writeLocalDraft(surveyId, { clientId, answers, dirty: true, ...(latest.current.lastSavedAt === undefined ? {} : { savedAt: latest.current.lastSavedAt }) })
    schedule(SAVE_AFTER_MS, flush)
  }, [answers, surveyId, clientId, flush, schedule])

  useEffect(() => {
    if (latest.current.dirty) schedule(0, flush)
    return () => clearTimeout(timer.current)
  }, [flush, schedule])
  useDidHide(flush)
  useUnload(flush)

  const stop = useCallback(() => {
    stopped.current = true
    clearTimeout(timer.current)
  }, [])

  const resume = useCallback(() => {
    stopped.current = false
    schedule(SAVE_AFTER_MS, flush)
  }, [flush, schedule])

  const state: SaveState =
    progress.kind !== 'saved' ? progress : progress.answers === answers ? { kind: 'saved', at: progress.at } : { kind: 'idle' }
  return { state, flush, stop, resume }
}
