/**
 * 服务数据 (管理端): the centre's figures for its organizers, unsuppressed (scope centre): the counts the article gives
 * (需求清单, 资源清单, 服务清单, needs solved, activities held), needs by status and by category, people served by group,
 * the median times to a first referral and to a solution, and how providers answer. Charts are the questionnaire
 * results' BarChart; every number is in text beside it.
 */
import { Text, View } from '@tarojs/components'
import type { StatsOutput } from '@core/api/service'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import BarChart from './charts/bar-chart'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './service-pages.scss'

const hoursText = (hours: number | null): string => (hours === null ? '暂无数据' : `${hours} 小时`)
const rateText = (rate: number | null): string => (rate === null ? '暂无数据' : `${Math.round(rate * 100)}%`)

export default function ServiceDashboardPage() {
  return <OrganizerPage className='service-page'>{() => <Dashboard />}</OrganizerPage>
}

function Dashboard() {
  const { venueId, picker } = useServiceVenue()
  const remote = useRemote(venueId ? `dashboard-${venueId}` : null, () => call('service', 'stats', { venueId: venueId ?? '', scope: 'centre' }))
  useRefreshing(remote)
  return (
    <>
      {picker}
      <RemoteView remote={remote} rows={8}>
        {(f: StatsOutput) => (
          <View id='dashboard'>
            <View className='card' id='dashboard-counts'>
              <View className='card__title'>{`${f.needItems} 个需求清单、${f.resources} 个资源清单、${f.services} 项服务`}</View>
              <View className='card__text'>{`${f.activitiesHeld} 场活动，${f.needsSolved} 个需求得到解决（共 ${f.needs} 条需求）`}</View>
            </View>
            <Chart id='dashboard-status' title='需求进度' rows={f.needsByStatus} />
            <Chart id='dashboard-category' title='需求类别' rows={f.needsByCategory} />
            <Chart id='dashboard-served' title={`服务的人群（${f.peopleServedTotal ?? 0} 人）`} rows={f.peopleServed} />
            <View className='card' id='dashboard-speed'>
              <View className='card__title'>跟进</View>
              <Line label='提出到第一次转介（中位数）' text={hoursText(f.medianHoursToFirstReferral)} />
              <Line label='提出到解决（中位数）' text={hoursText(f.medianHoursToResolution)} />
              <Line label='服务方接收率' text={rateText(f.acceptanceRate)} />
              <Line label='名额已满婉拒率' text={rateText(f.noCapacityRate)} />
            </View>
          </View>
        )}
      </RemoteView>
    </>
  )
}

function Chart({ id, title, rows }: { id: string; title: string; rows: { key: string; label: string; count: number | null }[] }) {
  return (
    <View className='card' id={id}>
      <View className='card__title'>{title}</View>
      {rows.length > 0 ? <BarChart id={`${id}-chart`} label={title} categories={rows.map((r) => r.label)} series={[{ name: title, data: rows.map((r) => r.count ?? 0) }]} /> : null}
      {rows.map((r) => (
        <Line key={r.key} label={r.label} text={r.count === null ? '少于 5' : String(r.count)} />
      ))}
    </View>
  )
}

function Line({ label, text }: { label: string; text: string }) {
  return (
    <View className='service-line'>
      <Text className='service-line__label'>{label}</Text>
      <Text className='service-line__value'>{text}</Text>
    </View>
  )
}
