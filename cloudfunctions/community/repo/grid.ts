/**
 * The grid team's collections (issue 12, 兼职网格员 随手拍), composed into CommunityCollections:
 *   gridMembers    GridMemberDoc `<openid>`: one application per person, its decision and 网点
 *   gridReports    GridReportDoc: a 随手拍 report with its timeline (the contract other parts count from)
 */
import type { GridMemberDoc, GridReportDoc } from '@core/community/grid'

export interface GridCollections {
  gridMembers: GridMemberDoc
  gridReports: GridReportDoc
}
