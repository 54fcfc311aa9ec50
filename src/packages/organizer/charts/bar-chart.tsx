/**
 * A horizontal bar chart drawn by uCharts on a canvas 2d: bars run sideways so the Chinese option labels read in full
 * on a phone. The same code draws in both builds — Taro answers a `Canvas type='2d'` node query with WeChat's canvas
 * node on weapp and with the <canvas> element in a browser, and each hands out a standard 2D context.
 *
 * A chart is drawn once per data (no animation: nothing keeps running, and what is on screen is final at once). The
 * canvas is a picture for the eye; the numbers stay in text beside it (the table of each result card), which screen
 * readers and 1.3× text read.
 *
 * How to use (any page of the organizer subpackage; a page in another subpackage needs its own copy, as WeChat
 * subpackages cannot import each other's modules):
 *
 *   import BarChart from './charts/bar-chart'
 *
 *   <BarChart
 *     id='chart-needs-by-month'            // canvas element id, unique on the page (letters, digits, '-')
 *     label='每月需求数'                     // read out instead of the picture
 *     categories={['9月', '10月', '11月']}  // one bar (row) each, top to bottom
 *     series={[{ name: '需求', data: [12, 30, 41] }]}  // one data value per category, in that order
 *   />
 *
 * - Several series stand side by side in each row with a legend below; `stacked` adds them up along one bar instead
 *   (a cross-tab: rows are the answers, series the groups). Colours follow SERIES_COLORS, in series order.
 * - Values are counts: the axis runs from 0 to a round number above the longest bar. Suppress small cells BEFORE
 *   passing data (draw 0 and say "少于 5" in the text beside it); the chart shows what it is given.
 * - The height follows the number of rows (`chartHeight`); the width fills the parent. Render it only when it is
 *   visible (a canvas in a hidden tab measures 0 wide and is not drawn); it is drawn again when the data change.
 * - Keep the numbers in text as well (a table or a line beside it): the canvas is not read by screen readers.
 */
import { useEffect, useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import UCharts from '@qiun/ucharts'
import { palette } from '@/theme/tokens'
import './bar-chart.scss'

export interface BarSeries {
  name: string
  data: number[]
}

export interface BarChartProps {
  /** Element id of the canvas (unique on the page). */
  id: string
  /** What the chart shows, read out instead of the picture. */
  label: string
  categories: string[]
  series: BarSeries[]
  /** Series add up along one bar (a cross-tab), instead of standing side by side. */
  stacked?: boolean
}

/** One colour per series, in the order callers list groups and channels. */
export const SERIES_COLORS = [palette.primary, palette.accent, palette.success, '#4A78B5', '#8E6BB0', palette.textMuted]

/** CSS px a category row takes, and the axis and legend around the bars. */
const ROW_PX = 34
const AXIS_PX = 36
const LEGEND_ROW_PX = 26
const LEGEND_PER_ROW = 3

/** Gridlines across the values. */
const SPLITS = 4

/**
 * The value axis ends at a round number a count reads well against (0, 30, 60 … 150 rather than 0, 27 … 135): the
 * largest bar, or stack, rounded up to SPLITS steps of 1, 2 or 5 × a power of ten. Counts are whole, so steps are too.
 */
export function axisMax(largest: number): number {
  const raw = Math.max(largest, 1) / SPLITS
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power
  return Math.max(1, Math.ceil(step)) * SPLITS
}

/** The longest bar: one series' largest value, or the largest stack. */
const largestBar = (series: readonly BarSeries[], stacked: boolean): number => {
  const length = Math.max(0, ...series.map((s) => s.data.length))
  const bars = Array.from({ length }, (_, i) =>
    stacked ? series.reduce((sum, s) => sum + (s.data[i] ?? 0), 0) : Math.max(0, ...series.map((s) => s.data[i] ?? 0))
  )
  return Math.max(0, ...bars)
}

export const chartHeight = (categories: number, series: number): number =>
  Math.max(categories, 1) * ROW_PX + AXIS_PX + (series > 1 ? Math.ceil(series / LEGEND_PER_ROW) * LEGEND_ROW_PX : 0)

interface CanvasNode {
  width: number
  height: number
  getContext: (type: '2d') => unknown
}

/** The canvas node and its CSS size, once laid out. */
function canvasOf(id: string): Promise<{ node: CanvasNode; width: number; height: number } | undefined> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .node()
      .select(`#${id}`)
      .boundingClientRect()
      .exec((res: unknown[]) => {
        const node = (res[0] as { node?: CanvasNode } | null)?.node
        const rect = res[1] as { width?: number; height?: number } | null
        resolve(node && rect?.width && rect.height ? { node, width: rect.width, height: rect.height } : undefined)
      })
  })
}

function draw(id: string, { categories, series, stacked }: Pick<BarChartProps, 'categories' | 'series' | 'stacked'>): void {
  void canvasOf(id).then((found) => {
    if (!found) return
    const pixelRatio = Taro.getWindowInfo().pixelRatio || 1
    const { node, width, height } = found
    node.width = Math.round(width * pixelRatio)
    node.height = Math.round(height * pixelRatio)
    const context = node.getContext('2d')
    if (!context) return
    new UCharts({
      type: 'bar',
      context,
      canvas2d: true,
      width: node.width,
      height: node.height,
      pixelRatio,
      categories,
      series,
      color: SERIES_COLORS,
      background: palette.surface,
      fontSize: 12,
      fontColor: palette.textSecondary,
      // Room on the right for the longest bar's number.
      padding: [8, 28, 4, 4],
      animation: false,
      dataLabel: !stacked,
      legend: { show: series.length > 1, position: 'bottom', fontSize: 12, lineHeight: 16 },
      xAxis: { boundaryGap: 'justify', gridColor: palette.border, min: 0, max: axisMax(largestBar(series, !!stacked)), splitNumber: SPLITS, fontColor: palette.textMuted },
      yAxis: { fontColor: palette.text },
      extra: { bar: { type: stacked ? 'stack' : 'group', width: 18, categoryGap: 2 } }
    })
  })
}

export default function BarChart({ id, label, categories, series, stacked }: BarChartProps) {
  // Drawn again only when what it shows changes, not on every render of the page around it.
  const key = useMemo(() => JSON.stringify([categories, series, stacked]), [categories, series, stacked])
  useEffect(() => {
    Taro.nextTick(() => draw(id, { categories, series, stacked }))
    // `key` stands for the three drawn props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, key])
  return (
    <View className='bar-chart' aria-label={label} aria-role='img'>
      <Canvas type='2d' id={id} className='bar-chart__canvas' style={{ height: `${chartHeight(categories.length, series.length)}px` }} />
    </View>
  )
}
