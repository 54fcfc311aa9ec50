/**
 * One 随手拍 report as a card: category, status, where and when, the reporter's photos and the timeline of what the
 * community did, with the handler's resolution photo. The reporter's 我的随手拍 and the handler's list both show it, so
 * a rider and the handler read the same story; the handler's page adds its actions below as children. Its styles
 * (index.scss, the `grid__` classes) are the 随手拍 forms' too, so both sides look alike.
 */
import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { ReportView } from '@core/api/community'
import { REPORT_STATUS_LABELS, type ReportEvent } from '@core/community/grid'
import { formatDateTime } from '@core/time'
import { fileUrl } from '@/cloud/call'
import './index.scss'

const preview = (photos: readonly string[], current: string) => void Taro.previewImage({ urls: photos.map(fileUrl), current: fileUrl(current) })

/** What a step says on the timeline. */
function stepTitle(event: ReportEvent): string {
  switch (event.status) {
    case 'open':
      return '已上报'
    case 'duplicate':
      return '已上报，与附近同类问题合并处理'
    case 'assigned':
      return `已派单：${event.note ?? ''}`
    default:
      return REPORT_STATUS_LABELS[event.status]
  }
}

export default function ReportCard({ report, extra, children }: { report: ReportView; extra?: ReactNode; children?: ReactNode }) {
  return (
    <View className='card' id={`grid-report-${report._id}`}>
      <View className='grid__head'>
        <Text className='grid__title'>{report.categoryName}</Text>
        <Text className={`grid__status grid__status--${report.status}`} id={`grid-status-${report._id}`}>
          {report.statusLabel}
        </Text>
      </View>
      <Text className='grid__meta'>{`${formatDateTime(report.createdAt)} · ${report.venueName}`}</Text>
      {extra}
      <Text className='grid__text'>{report.text}</Text>
      {report.photos.length > 0 ? (
        <View className='grid__photos grid__gallery'>
          {report.photos.map((photo) => (
            <View key={photo} className='grid__photo' aria-role='button' aria-label='查看照片' onClick={() => preview(report.photos, photo)}>
              <Image className='grid__photo-image' src={fileUrl(photo)} mode='aspectFill' ariaLabel='上报的照片' />
            </View>
          ))}
        </View>
      ) : null}
      <View className='grid__timeline'>
        {report.history.map((event, i) => (
          <View key={`${event.status}-${event.at}-${i}`} className='grid__step'>
            <Text className='grid__step-title'>{stepTitle(event)}</Text>
            <Text className='grid__meta'>{formatDateTime(event.at)}</Text>
            {event.status !== 'assigned' && event.note ? <Text className='grid__step-note'>{event.note}</Text> : null}
            {event.photo ? (
              <Image
                className='grid__step-photo'
                id={`grid-resolution-photo-${report._id}`}
                src={fileUrl(event.photo)}
                mode='aspectFill'
                ariaLabel='处理后的照片'
                onClick={() => preview([event.photo ?? ''], event.photo ?? '')}
              />
            ) : null}
          </View>
        ))}
      </View>
      {children}
    </View>
  )
}
