/**
 * API of the `community` function (issue 12: the rest of the seed; DESIGN.md §3 ⚑ centres, report, myReports): one
 * file per part of the community's life, composed here into the function's entry of FunctionApi.
 *   centres.ts        the centres directory (党群服务中心)
 *   grid.ts           兼职网格员 随手拍 and the grid team
 *   stars.ts          骑士之星 and the 先锋指数
 *   deliberation.ts   商圈协商议事
 *   party.ts          组织关系安家 and 入党申请
 */
import type { CentresApi } from './centres'
import type { DeliberationApi } from './deliberation'
import type { GridApi } from './grid'
import type { PartyApi } from './party'
import type { StarsApi } from './stars'

export type CommunityApi = CentresApi & GridApi & StarsApi & DeliberationApi & PartyApi

export * from './centres'
export * from './deliberation'
export * from './grid'
export * from './party'
export * from './stars'
