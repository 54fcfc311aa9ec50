/**
 * The public board's one chart: counts as horizontal bars (the Chinese labels read in full on a phone), drawn by
 * uCharts — the library the questionnaire results use — on a canvas 2d, which Taro hands out on weapp and in a browser
 * alike. This subpackage cannot import the organizer subpackage's chart, hence its own small one: one series, no
 * legend, drawn once per data. A suppressed cell (fewer than 5) gets no bar at all — a bar of 0 would say "none" where
 * the truth is "a few" — and reads "少于 5" in the text beside the chart, which also serves screen readers and large text.
 */
import { useEffect, useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import UCharts from '@qiun/ucharts'
import { palette } from '@/theme/tokens'

export interface FigureBar {
  label: string
  /** null: hidden (a small cell). */
  count: number | null
}

const ROW_PX = 32
const AXIS_PX = 32

type ShownBar = FigureBar & { count: number }

interface CanvasNode {
  width: number
  height: number
  getContext: (type: '2d') => unknown
}

function render(id: string, bars: readonly ShownBar[]): void {
  Taro.createSelectorQuery()
    .select(`#${id}`)
    .node()
    .select(`#${id}`)
    .boundingClientRect()
    .exec((res: unknown[]) => {
      const node = (res[0] as { node?: CanvasNode } | null)?.node
      const rect = res[1] as { width?: number; height?: number } | null
      if (!node || !rect?.width || !rect.height) return
      const pixelRatio = Taro.getWindowInfo().pixelRatio || 1
      node.width = Math.round(rect.width * pixelRatio)
      node.height = Math.round(rect.height * pixelRatio)
      const context = node.getContext('2d')
      if (!context) return
      const largest = Math.max(1, ...bars.map((b) => b.count))
      new UCharts({
        type: 'bar',
        context,
        canvas2d: true,
        width: node.width,
        height: node.height,
        pixelRatio,
        categories: bars.map((b) => b.label),
        series: [{ name: '数量', data: bars.map((b) => b.count) }],
        color: [palette.primary],
        background: palette.surface,
        fontSize: 12,
        fontColor: palette.textSecondary,
        padding: [8, 28, 4, 4],
        animation: false,
        dataLabel: true,
        legend: { show: false },
        // Whole counts: four gridlines up to a multiple of four above the longest bar.
        xAxis: { boundaryGap: 'justify', gridColor: palette.border, min: 0, max: Math.ceil(largest / 4) * 4, splitNumber: 4, fontColor: palette.textMuted },
        yAxis: { fontColor: palette.text },
        extra: { bar: { type: 'group', width: 16, categoryGap: 2 } }
      })
    })
}

export default function FigureChart({ id, label, bars: all }: { id: string; label: string; bars: FigureBar[] }) {
  const bars = useMemo(() => all.filter((b): b is ShownBar => b.count !== null), [all])
  const key = useMemo(() => JSON.stringify(bars), [bars])
  useEffect(() => {
    if (bars.length > 0) Taro.nextTick(() => render(id, bars))
    // `key` stands for the bars drawn.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, key])
  if (bars.length === 0) return null
  return (
    <View className='figure-chart' aria-label={label} aria-role='img'>
      <Canvas type='2d' id={id} className='figure-chart__canvas' style={{ height: `${Math.max(bars.length, 1) * ROW_PX + AXIS_PX}px` }} />
    </View>
  )
}
