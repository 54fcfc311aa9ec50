/**
 * The centres directory's rules, kept pure so the function and the pages agree: whether a centre is open at an
 * instant (its weekly hours, the same rule as a service's hours; a 24 h centre always), how far it is, the order of the
 * directory, which centre the home page shows, and which of a centre's courses are volunteer activities.
 */
import type { CentreItem } from '../api/community/centres'
import type { Venue } from '../api/venue'
import { distanceM } from '../matching/geo'
import type { GeoPoint } from '../matching/model'
import { isOpenAt } from '../matching/schedule'

/** The centre shown before the person has chosen one or shared where they are: the article's first, 友邻空间. */
export const DEFAULT_CENTRE_ID = 'venue-youlin'

/** Open at `now`: a 24 h centre always; otherwise by its weekly hours, or unknown (null) without them. */
export function centreOpenAt(venue: Pick<Venue, 'open24h' | 'openingHours'>, now: number): boolean | null {
  if (venue.open24h) return true
  return venue.openingHours && venue.openingHours.length > 0 ? isOpenAt(venue.openingHours, now) : null
}

/** A venue as the directory shows it at `now`, with its distance (whole metres) from `near` when given. */
export function centreItem(venue: Venue, at: { now: number; near?: GeoPoint }): CentreItem {
  const item: CentreItem = { ...venue, openNow: centreOpenAt(venue, at.now) }
  if (at.near) item.distanceM = Math.round(distanceM(at.near, venue))
  return item
}

/** Nearest first when distances are known, else by name (as people read Chinese names). */
export function sortCentres(items: readonly CentreItem[]): CentreItem[] {
  return [...items].sort((a, b) =>
    a.distanceM !== undefined && b.distanceM !== undefined ? a.distanceM - b.distanceM : a.name.localeCompare(b.name, 'zh')
  )
}

/**
 * The centre the home page shows: the nearest when the list was measured from the person's position, else the one
 * they last opened, else 友邻空间 (else the first, should the store lack it).
 */
export function homeCentre(items: readonly CentreItem[], chosenId?: string): CentreItem | undefined {
  const measured = items.filter((c) => c.distanceM !== undefined)
  if (measured.length > 0) return measured.reduce((best, c) => ((c.distanceM ?? 0) < (best.distanceM ?? 0) ? c : best))
  return items.find((c) => c._id === chosenId) ?? items.find((c) => c._id === DEFAULT_CENTRE_ID) ?? items[0]
}

/**
 * A course that is a volunteer activity (善治合伙人: `kind: 'volunteer'`); a course without a kind is an ordinary one.
 * Takes any course shape, so it reads courses stored before volunteer activities had a kind.
 */
export const isVolunteerActivity = (course: object): boolean => 'kind' in course && course.kind === 'volunteer'
