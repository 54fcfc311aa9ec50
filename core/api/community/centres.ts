/**
 * The centres directory (党群服务中心, issue 12; DESIGN.md ⚑ community.centres): every centre the seed names, with
 * what a rider needs to choose one on the road — where it is, whether it is open (枣林西 never closes), how far it
 * serves, its functional areas and the figures it has published. Nearest first when the caller says where they are.
 * `centre` is one centre's page: the centre itself; what runs there (courses, volunteer activities, services, live
 * figures) comes from the functions that own those lists (see cloudfunctions/community/centres.ts for why).
 */
import * as s from '../../schema'
import { idSchema } from '../../booking/model'
import { geoPointSchema } from '../geo'
import type { Venue } from '../venue'
import type { Action } from '../action'

export const centresSchema = s.object({ near: s.optional(geoPointSchema('我的位置')) })
export type CentresInput = s.Infer<typeof centresSchema>

export const centreSchema = s.object({ centreId: idSchema('服务中心'), near: s.optional(geoPointSchema('我的位置')) })
export type CentreInput = s.Infer<typeof centreSchema>

export interface CentreItem extends Venue {
  /** Straight-line distance from `near`, metres; only when `near` was given. */
  distanceM?: number
  /** Open at the time of asking (always, for a 24 h centre); null when the centre's hours are not machine-readable. */
  openNow: boolean | null
}

export interface CentresOutput {
  /** Every centre: nearest first when `near` was given, else by name. */
  items: CentreItem[]
}

export interface CentreOutput {
  centre: CentreItem
}

export interface CentresApi {
  centres: Action<CentresInput, CentresOutput>
  centre: Action<CentreInput, CentreOutput>
}
