/**
 * Function `community`'s collections and their stored shapes, declared once (DESIGN.md §6): the shared ones (users,
 * venues, audit), the course data it reads, the notification queue every part writes to (sent by the course timer),
 * and, per part of the community's life, the collections that part owns: each part declares its own in a file beside
 * this one, composed here, so a name and its shape are written in one place.
 */
import type { BookingDoc, CourseDoc, NotificationDoc } from '@core/booking'
import { createStore, type SharedCollections } from '../../_shared'
import type { GridCollections } from './grid'
import type { DeliberationCollections } from './deliberation'
import type { StoredPartyRegistration } from './party'
import type { StarAwardDoc, StarRiderDoc, StarScoreDoc } from './stars'

export interface CommunityCollections extends SharedCollections {
  /** Read only: what a rider attended (courses and volunteer activities) counts towards the 先锋指数. */
  courses: CourseDoc
  bookings: BookingDoc
  /** Messages to people about their reports, votes and registrations, sent by the course timer's sender. */
  notifications: NotificationDoc
  // 兼职网格员 随手拍
  gridMembers: GridCollections['gridMembers']
  gridReports: GridCollections['gridReports']
  // 骑士之星 先锋指数
  starRiders: StarRiderDoc
  starScores: StarScoreDoc
  starAwards: StarAwardDoc
  // 商圈协商议事
  deliberationMembers: DeliberationCollections['deliberationMembers']
  deliberationTopics: DeliberationCollections['deliberationTopics']
  deliberationVotes: DeliberationCollections['deliberationVotes']
  // 组织关系安家 入党申请
  partyRegistrations: StoredPartyRegistration
}

export const store = createStore<CommunityCollections>()
