/**
 * Function `community`: the rest of the community's life the seed describes (issue 12; DESIGN.md §3 ⚑ centres,
 * report, myReports; every action of core/api/community).
 *   anyone      centres                                                                       centres.ts
 *   骑士之星     myStarRiders scoreRider (scorer or organizer) starRanking publishStar (organizer)
 *               stars (anyone) myStar (the rider)                                                 stars.ts
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/community,
 * writes with conditions, and answers.
 */
import { centresSchema, myStarRidersSchema, myStarSchema, publishStarSchema, scoreRiderSchema, starRankingSchema, starsSchema } from '@core/api/community'
import { action, defineFunction } from '../_shared'
import { centres } from './centres'
import { myStar, myStarRiders, publishStar, scoreRider, starRanking, stars } from './stars'

export const main = defineFunction('community', {
  // 兼职网格员 随手拍 and the grid team: grid
  // 骑士之星 and 先锋指数: stars
  myStarRiders: action({ input: myStarRidersSchema, auth: 'user', run: myStarRiders }),
  scoreRider: action({ input: scoreRiderSchema, auth: 'user', limit: 'organizing', run: scoreRider }),
  starRanking: action({ input: starRankingSchema, auth: 'organizer', run: starRanking }),
  publishStar: action({ input: publishStarSchema, auth: 'organizer', limit: 'organizing', run: publishStar }),
  stars: action({ input: starsSchema, auth: 'public', run: stars }),
  myStar: action({ input: myStarSchema, auth: 'user', run: myStar }),
  // 商圈协商议事: deliberation
  // 组织关系安家 and 入党申请: party
  centres: action({ input: centresSchema, auth: 'public', run: centres })
})
