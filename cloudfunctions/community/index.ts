/**
 * Function `community`: the rest of the community's life the seed describes (issue 12; DESIGN.md §3 ⚑ centres,
 * report, myReports; every action of core/api/community).
 *   anyone      centres, centre                                                               centres.ts
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/community,
 * writes with conditions, and answers.
 */
import { centreSchema, centresSchema } from '@core/api/community'
import { action, defineFunction } from '../_shared'
import { centre, centres } from './centres'

export const main = defineFunction('community', {
  centre: action({ input: centreSchema, auth: 'public', run: centre }),
  // 兼职网格员 随手拍 and the grid team: grid
  // 骑士之星 and 先锋指数: stars
  // 商圈协商议事: deliberation
  // 组织关系安家 and 入党申请: party
  centres: action({ input: centresSchema, auth: 'public', run: centres })
})
