/**
 * Where a filling starts when the page opens: from the server's draft (saved on this or another device), from this
 * phone's own copy (answers typed while the connection was down, not yet saved), or afresh. The `clientId` travels
 * with the answers: it names this one filling, so a submit retried after a lost answer is the same submit.
 *
 * The phone's copy wins only over the draft it was made from (same clientId) and only while it holds changes the
 * server has not confirmed — a submit that never got through included; a draft from another filling (another device
 * that went on since) wins over it.
 */
import type { DraftView } from '@core/api/survey'

export type RawAnswers = Record<string, unknown>

/** This phone's copy of a filling (kept in local storage under the survey). */
export interface LocalDraft {
  clientId: string
  answers: RawAnswers
  /** Changed since the server last confirmed a save. */
  dirty: boolean
  /** When the server last confirmed a save (its clock). */
  savedAt?: number
}

export interface StartingPoint {
  clientId: string
  answers: RawAnswers
  /** Resuming earlier answers: when they were last saved (undefined when never confirmed by the server). */
  resumed?: { savedAt?: number; unsaved: boolean }
}

export function startingPoint(server: DraftView | undefined, local: LocalDraft | undefined, newClientId: () => string): StartingPoint {
  const hasAnswers = (answers: RawAnswers) => Object.keys(answers).length > 0
  if (local && local.dirty && hasAnswers(local.answers) && (!server || server.clientId === local.clientId)) {
    return { clientId: local.clientId, answers: local.answers, resumed: { savedAt: server?.savedAt ?? local.savedAt, unsaved: true } }
  }
  if (server) {
    return { clientId: server.clientId, answers: server.answers, ...(hasAnswers(server.answers) ? { resumed: { savedAt: server.savedAt, unsaved: false } } : {}) }
  }
  // Nothing to resume. A saved copy's clientId is not reused: with no draft left on the server, that filling may have
  // been submitted, and the same id would only replay it.
  return { clientId: newClientId(), answers: {} }
}

/** Reads a stored copy back, or undefined when what is stored is not one (an older app's, or tampered). */
export function asLocalDraft(stored: unknown): LocalDraft | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined
  const d = stored as Partial<LocalDraft>
  if (typeof d.clientId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(d.clientId)) return undefined
  if (typeof d.answers !== 'object' || d.answers === null || Array.isArray(d.answers)) return undefined
  return { clientId: d.clientId, answers: d.answers, dirty: d.dirty === true, ...(typeof d.savedAt === 'number' ? { savedAt: d.savedAt } : {}) }
}
