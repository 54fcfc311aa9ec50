/**
 * The centres directory (DESIGN.md ⚑ community.centres) and one centre's page (`centre`).
 *
 * `centres`: every centre, nearest first when the caller says where they are (the home page picks the nearest). One
 * read; the ten centres fit in a page many times over, and findAll pages explicitly all the same.
 *
 * `centre`: the centre alone, one read. What runs there is not copied in here: the page asks the functions that own
 * each list — course.listCourses {venueId} (courses and volunteer activities: seats left and the next class from the
 * sessions aggregate, 3 requests), service.listServices {venueId} (the service cards with places left and 正在服务,
 * 3 requests) and service.stats {venueId} (the public board's needsSolved and activitiesHeld, small cells hidden).
 * Gathering them here would save a couple of requests but copy those three pipelines and their rules out of the
 * functions that own the data; the page sends the four calls at once, so it waits for the slowest, not their sum.
 */
import type { CentreInput, CentreOutput, CentresInput, CentresOutput } from '@core/api/community'
import { DomainError } from '@core/api/result'
import { centreItem, sortCentres } from '@core/community/centres'
import type { ActionContext } from '../_shared'
import { store } from './repo'

export async function centres(ctx: ActionContext<CentresInput, 'public'>): Promise<CentresOutput> {
  const venues = await store.findAll('venues', {})
  const { near } = ctx.input
  return { items: sortCentres(venues.map((venue) => centreItem(venue, { now: ctx.now, ...(near ? { near } : {}) }))) }
}

export async function centre(ctx: ActionContext<CentreInput, 'public'>): Promise<CentreOutput> {
  const { centreId, near } = ctx.input
  const venue = await store.get('venues', centreId)
  if (!venue) throw new DomainError('NOT_FOUND', '没有找到这个服务中心', 'centreId')
  return { centre: centreItem(venue, { now: ctx.now, ...(near ? { near } : {}) }) }
}
