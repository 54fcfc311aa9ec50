/**
 * API of the `community` function (issue 12: the rest of the seed; DESIGN.md §3 ⚑ centres, report, myReports): one
 * file per part of the community's life, composed here into the function's entry of FunctionApi.
 *   centres.ts        the centres directory (党群服务中心)
 *   stars.ts          骑士之星 and the 先锋指数
 */
import type { CentresApi } from './centres'
import type { StarsApi } from './stars'

export type CommunityApi = CentresApi & StarsApi

export * from './centres'
export * from './stars'
