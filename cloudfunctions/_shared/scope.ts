/**
 * Which service centre's data an organizer may touch (DESIGN.md ⚑ Roles): the rule is core's (`managesVenue`); this
 * is the one way organizer actions apply it, right after loading what they act on, so every function answers another
 * centre's data with the same FORBIDDEN and the same words.
 */
import { DomainError } from '@core/api/result'
import { managedVenues, managesVenue, type UserDoc } from '@core/user'
import { _ } from './cloud'

export const OTHER_VENUE_MESSAGE = '这是其他服务中心的数据，您没有管理权限'

/** Throws FORBIDDEN unless `user` manages the centre `venueId` (an admin manages all). */
export function requireVenue(user: UserDoc, venueId: string, field?: string): void {
  if (!managesVenue(user, venueId)) throw new DomainError('FORBIDDEN', OTHER_VENUE_MESSAGE, field)
}

/**
 * The `venueId` condition of a listing for `user`: the asked centre (FORBIDDEN if not theirs), else every centre they
 * manage; undefined for an admin who asked for none (no condition).
 */
export function venueCondition(user: UserDoc, asked: string | undefined): unknown {
  if (asked !== undefined) {
    requireVenue(user, asked, 'venueId')
    return asked
  }
  const venues = managedVenues(user)
  return venues === 'all' ? undefined : _.in(venues)
}
