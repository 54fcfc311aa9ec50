/**
 * Which centre the 服务 tools of 管理端 work on. Every service action is per centre (the function answers FORBIDDEN for
 * a centre the organizer does not run); the centres the caller manages come with the questionnaire list
 * (survey.listManaged), their places from the venue list. Most organizers run one, so the chips show only for an admin
 * or someone running several; the first is chosen until another is picked, and the choice is kept for this run of the
 * app so the needs, matching and board pages agree. The route's `venueId` wins when there is one.
 */
import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { ScrollView, View } from '@tarojs/components'
import type { Venue } from '@core/api'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'

let remembered: string | undefined

export interface ServiceVenue {
  /** Undefined until the centres are loaded (and when the caller manages none). */
  venueId: string | undefined
  venue: Venue | undefined
  /** The chip row; nothing when there is only one centre. */
  picker: JSX.Element | null
}

export function useServiceVenue(): ServiceVenue {
  const { params } = useRouter()
  const venues = useRemote('service-venues', async () => {
    const [managed, all] = await Promise.all([call('survey', 'listManaged', {}), call('course', 'listVenues', {})])
    if (!managed.ok) return managed
    if (!all.ok) return all
    const mine = new Set(managed.data.venues.map((v) => v._id))
    return { ok: true as const, data: { items: all.data.items.filter((v) => mine.has(v._id)) } }
  })
  const [chosen, setChosen] = useState<string | undefined>(params.venueId ?? remembered)
  const items = venues.data?.items ?? []
  const venue = items.find((v) => v._id === chosen) ?? items[0]
  const choose = (id: string) => {
    remembered = id
    setChosen(id)
  }
  const picker =
    items.length > 1 ? (
      <ScrollView scrollX enhanced showScrollbar={false} className='service-venues' id='service-venues'>
        <View className='service-venues__row'>
          <ChipRow inline label='服务中心' kind='radio' chips={items.map((v) => ({ key: v._id, label: v.name, id: `service-venue-${v._id}`, on: v._id === venue?._id }))} onTap={choose} />
        </View>
      </ScrollView>
    ) : null
  return { venueId: venue?._id, venue, picker }
}
