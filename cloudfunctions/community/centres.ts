/**
 * The centres directory (DESIGN.md ⚑ community.centres): every centre, nearest first when the caller says where they
 * are (the home page picks the nearest). One read; the ten centres fit in a page many times over, and findAll pages
 * explicitly all the same.
 */
import type { CentreItem, CentresInput, CentresOutput } from '@core/api/community'
import { distanceM } from '@core/matching/geo'
import type { ActionContext } from '../_shared'
import { store } from './repo'

export async function centres(ctx: ActionContext<CentresInput, 'public'>): Promise<CentresOutput> {
  const venues = await store.findAll('venues', {})
  const { near } = ctx.input
  if (!near) return { items: venues.sort((a, b) => a.name.localeCompare(b.name, 'zh')) }
  const items: CentreItem[] = venues.map((v) => ({ ...v, distanceM: Math.round(distanceM(near, v)) }))
  return { items: items.sort((a, b) => (a.distanceM ?? 0) - (b.distanceM ?? 0)) }
}
