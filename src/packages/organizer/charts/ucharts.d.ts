/**
 * The part of uCharts (@qiun/ucharts, which ships no typings) the result charts use: a chart is drawn once, when
 * constructed, on the 2D context it is given. Options follow the library's documentation; unused ones are left out.
 */
declare module '@qiun/ucharts' {
  export interface UChartsSeries {
    name: string
    data: number[]
    color?: string
  }

  export interface UChartsOptions {
    type: 'bar' | 'column' | 'pie' | 'ring'
    /** A standard CanvasRenderingContext2D (a canvas 2d node's on weapp, a <canvas>'s in a browser). */
    context: unknown
    /** Canvas pixels: the CSS size times pixelRatio. */
    width: number
    height: number
    pixelRatio: number
    canvas2d: boolean
    categories?: string[]
    series: UChartsSeries[]
    color?: string[]
    background?: string
    fontSize?: number
    fontColor?: string
    padding?: number[]
    animation?: boolean
    dataLabel?: boolean
    legend?: { show?: boolean; position?: 'top' | 'bottom'; fontSize?: number; lineHeight?: number }
    xAxis?: Record<string, unknown>
    yAxis?: Record<string, unknown>
    extra?: Record<string, unknown>
  }

  export default class UCharts {
    constructor(options: UChartsOptions)
  }
}
