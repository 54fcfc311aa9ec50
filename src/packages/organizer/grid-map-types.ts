/** What both sides of the grid-map pair draw (see grid-map.d.ts): the open reports of a centre, numbered as listed. */
import type { ListReportsOutput } from '@core/api/community'

export type ReportPoint = ListReportsOutput['points'][number]

export interface GridMapProps {
  /** In list order: a point's number on the map is its place in the list, from 1. */
  points: ReportPoint[]
  onSelect: (point: ReportPoint) => void
}
