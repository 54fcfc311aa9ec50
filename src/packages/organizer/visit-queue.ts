/**
 * The queue of 走访录入 entries on this phone. Visits happen on stairwells and in basements: an entry is written to
 * local storage the moment it is saved — before anything is sent — and leaves the "waiting" state only when the
 * function has answered for it. Each entry carries the `clientId` made when its form was opened, so sending it again
 * (a retry after a lost answer, a second sync started on reconnect) is the same submit: the function stores it once.
 *
 * Outcomes: the function took it (synced, with the response id; `replayed` when it already had it); the connection
 * failed or the service hiccuped (still waiting, retried on reconnect or by 立即同步); the function refused it (refused,
 * with its message — a full quota, a closed questionnaire, a respondent already entered — for the organizer to read
 * and then remove). Synced entries stay listed for a while, so the organizer sees what went through.
 *
 * No Taro here: storage is passed in, so the rules are tested without a platform.
 */
import type { Fail, Result } from '@core/api'
import type { ProxyEntryInput, SubmitSurveyOutput } from '@core/api/survey'

export type VisitState = 'waiting' | 'synced' | 'refused'

export interface VisitEntry {
  clientId: string
  surveyId: string
  /** For the list: which questionnaire, which version the answers follow. */
  surveyTitle: string
  version: number
  answers: Record<string, unknown>
  proxy: ProxyEntryInput
  savedAt: number
  state: VisitState
  /** Why it is still waiting (the last try's failure) or why it was refused. */
  message?: string
  /** Synced: the stored response, and whether the function already had it. */
  responseId?: string
  replayed?: boolean
  lastTriedAt?: number
}

/** Where the queue lives: Taro's storage on the phone, a map in tests. */
export interface QueueStorage {
  get: (key: string) => unknown
  set: (key: string, value: unknown) => void
}

export const QUEUE_KEY = 'youlin.visits.v1'
/** Synced entries kept for display, newest first; waiting and refused ones are never dropped. */
export const SYNCED_KEPT = 20

/** Made once per form: a retry of the same entry is the same submit. Letters, digits, '-': what the schema takes. */
export function newClientId(now: number, random: () => number = Math.random): string {
  const part = () => Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')
  return `visit-${now.toString(36)}-${part()}${part()}`
}

const isEntry = (value: unknown): value is VisitEntry => {
  if (typeof value !== 'object' || value === null) return false
  const e = value as Partial<VisitEntry>
  return typeof e.clientId === 'string' && typeof e.surveyId === 'string' && typeof e.savedAt === 'number' && typeof e.answers === 'object' && typeof e.proxy === 'object'
}

/** The stored queue; anything unreadable (another build's leftovers) is left out rather than breaking the page. */
export function loadQueue(storage: QueueStorage): VisitEntry[] {
  const stored = storage.get(QUEUE_KEY)
  return Array.isArray(stored) ? stored.filter(isEntry) : []
}

/** Keeps every unsent entry and the newest SYNCED_KEPT sent ones. */
export function pruned(entries: readonly VisitEntry[]): VisitEntry[] {
  const synced = entries.filter((e) => e.state === 'synced').sort((a, b) => b.savedAt - a.savedAt)
  const kept = new Set(synced.slice(0, SYNCED_KEPT).map((e) => e.clientId))
  return entries.filter((e) => e.state !== 'synced' || kept.has(e.clientId))
}

export function saveQueue(storage: QueueStorage, entries: readonly VisitEntry[]): void {
  storage.set(QUEUE_KEY, pruned(entries))
}

/** Adds (or replaces, by clientId) an entry and stores the queue at once. */
export function enqueue(storage: QueueStorage, entry: VisitEntry): VisitEntry[] {
  const next = [...loadQueue(storage).filter((e) => e.clientId !== entry.clientId), entry]
  saveQueue(storage, next)
  return loadQueue(storage)
}

export function removeEntry(storage: QueueStorage, clientId: string): VisitEntry[] {
  saveQueue(
    storage,
    loadQueue(storage).filter((e) => e.clientId !== clientId)
  )
  return loadQueue(storage)
}

/**
 * Failures worth retrying: the connection, the service itself (INTERNAL), or the write limit (RATE_LIMITED: a long
 * queue synced at once can meet it, and it only says "later"). Anything else is the function's no.
 */
export const isRetryable = (fail: Fail): boolean => fail.code === 'INTERNAL' || fail.code === 'RATE_LIMITED'

/** The entry after one try. */
export function afterTry(entry: VisitEntry, result: Result<SubmitSurveyOutput>, now: number): VisitEntry {
  if (result.ok) {
    const { message: _dropped, ...rest } = entry
    return { ...rest, state: 'synced', responseId: result.data.response._id, replayed: result.data.replayed, lastTriedAt: now }
  }
  return { ...entry, state: isRetryable(result) ? 'waiting' : 'refused', message: result.message, lastTriedAt: now }
}

export type Send = (entry: VisitEntry) => Promise<Result<SubmitSurveyOutput>>

let running: Promise<VisitEntry[]> | undefined

/** One pass over the waiting entries, each tried once, including any saved while the pass runs; see syncQueue. */
async function sendWaiting(storage: QueueStorage, send: Send, clock: () => number): Promise<VisitEntry[]> {
  const tried = new Set<string>()
  for (;;) {
    const next = loadQueue(storage)
      .filter((e) => e.state === 'waiting' && !tried.has(e.clientId))
      .sort((a, b) => a.savedAt - b.savedAt)[0]
    if (!next) break
    tried.add(next.clientId)
    const after = afterTry(next, await send(next), clock())
    saveQueue(
      storage,
      loadQueue(storage).map((e) => (e.clientId === after.clientId ? after : e))
    )
    if (after.state === 'waiting') break
  }
  return loadQueue(storage)
}

/**
 * Sends every waiting entry, oldest first, one at a time (a weak connection does better with one request than with
 * ten), storing the queue after each answer. A sync asked for while one runs joins it. Stops at the first failure to
 * reach the service: the rest would fail alike.
 */
export function syncQueue(storage: QueueStorage, send: Send, clock: () => number = Date.now): Promise<VisitEntry[]> {
  // Cleared in a later tick, never before it is set: a pass with nothing to send finishes at once.
  running ??= sendWaiting(storage, send, clock).finally(() => {
    running = undefined
  })
  return running
}

/** Entries not yet on the server. */
export const waitingCount = (entries: readonly VisitEntry[]): number => entries.filter((e) => e.state === 'waiting').length
