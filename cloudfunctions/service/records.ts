/**
 * The need documents this function writes, built in one place whatever the source (a person's submission, an
 * organizer's visit, an approved questionnaire answer): ids, the coarse location, default consent, the first history
 * step, the segmented tokens.
 */
import { createHash } from 'crypto'
import type { RecordNeedInput, SubmitNeedInput } from '@core/api/service'
import type { UserGroup } from '@core/api/user'
import type { Actor, NeedDoc, NeedLocation, NeedSource } from '@core/matching'
import type { GeoPoint } from '@core/survey'
import { segment } from './segment'

/** A coarse point is kept to 0.01° (about 1 km; core/matching geo COARSE_SLACK_M allows for it). */
const COARSE_DEGREES = 100

const short = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24)

/** The need a retried filling stores under (the same requester or centre and the same clientId). */
export const needIdFor = (owner: string, clientId: string): string => `need-${short(`${owner}\n${clientId}`)}`

/** The need an approved questionnaire entry becomes (the entry id holds an openid: it is hashed). */
export const surveyNeedIdFor = (entryId: string): string => `need-sv-${short(entryId)}`

/** The location as stored: the precise point only with consent, else rounded. */
export function storedLocation(point: GeoPoint | undefined, precise: boolean): NeedLocation | undefined {
  if (!point) return undefined
  if (precise) return { lat: point.lat, lng: point.lng, precise: true }
  const round = (degrees: number) => Math.round(degrees * COARSE_DEGREES) / COARSE_DEGREES
  return { lat: round(point.lat), lng: round(point.lng), precise: false }
}

type NeedFields = Pick<SubmitNeedInput, 'category' | 'text' | 'urgency' | 'availability' | 'location' | 'consent' | 'photos' | 'age'>

export interface NewNeed {
  /** Known before the insert: the sealed words name the need they belong to (repo/sealed-needs.ts). */
  _id: string
  venueId: string
  source: NeedSource
  requesterKey?: string
  group: UserGroup | 'unknown'
  by: Actor
  /** The first history step's note (where a visit took place, which questionnaire). */
  note?: string
  sourceRef?: string
  now: number
}

/** A need as first stored: submitted, with its tokens. */
export function newNeed(fields: NeedFields, meta: NewNeed): NeedDoc {
  const consent = { shareContact: fields.consent?.shareContact === true, preciseLocation: fields.consent?.preciseLocation === true }
  const location = storedLocation(fields.location, consent.preciseLocation)
  return {
    _id: meta._id,
    venueId: meta.venueId,
    category: fields.category,
    text: fields.text.trim(),
    tokens: segment(fields.text),
    urgency: fields.urgency ?? 'normal',
    source: meta.source,
    ...(meta.requesterKey === undefined ? {} : { requesterKey: meta.requesterKey }),
    group: meta.group,
    ...(fields.age === undefined ? {} : { age: fields.age }),
    availability: fields.availability ?? [],
    ...(location === undefined ? {} : { location }),
    consent,
    photos: fields.photos ?? [],
    status: 'submitted',
    history: [{ to: 'submitted', at: meta.now, by: meta.by, ...(meta.note ? { note: meta.note } : {}) }],
    ...(meta.sourceRef === undefined ? {} : { sourceRef: meta.sourceRef }),
    createdAt: meta.now,
    updatedAt: meta.now
  }
}

/** The visit entry's first note: where, and who wrote it down. */
export const visitNote = (input: Pick<RecordNeedInput, 'visitPlace' | 'entererName'>): string => `走访录入：${input.visitPlace}，录入人 ${input.entererName}`
