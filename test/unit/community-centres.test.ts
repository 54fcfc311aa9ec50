/**
 * The centres directory's rules (core/community/centres): open now from a centre's weekly hours in Shanghai time, the
 * directory's order, and which centre the home page shows.
 */
import type { CentreItem } from '@core/api/community'
import type { Venue } from '@core/api/venue'
import { centreItem, centreOpenAt, DEFAULT_CENTRE_ID, homeCentre, isVolunteerActivity, sortCentres } from '@core/community/centres'
import { shanghai } from '../support/instants'

const WEEKDAYS = [1, 2, 3, 4, 5] as const

const venue = (over: Partial<Venue> & Pick<Venue, '_id' | 'name'>): Venue => ({
  fullName: over.name,
  district: '城关区',
  street: '',
  address: '',
  lat: 36.06,
  lng: 103.83,
  hours: '',
  open24h: false,
  amenities: [],
  description: '',
  radiusM: 1000,
  figures: [],
  createdAt: 0,
  updatedAt: 0,
  ...over
})

const office = venue({ _id: 'v-office', name: '科技园', openingHours: WEEKDAYS.map((weekday) => ({ weekday, from: '08:30', to: '18:00' })) })

describe('open now', () => {
  test('inside the weekly hours, in Shanghai time', () => {
    // Friday 08:30 Shanghai is Friday 00:30 UTC; Friday 18:00 is the end, not inside.
    expect(centreOpenAt(office, shanghai('2026-11-27T08:30:00'))).toBe(true)
    expect(centreOpenAt(office, shanghai('2026-11-27T17:59:00'))).toBe(true)
    expect(centreOpenAt(office, shanghai('2026-11-27T18:00:00'))).toBe(false)
    expect(centreOpenAt(office, shanghai('2026-11-28T10:00:00'))).toBe(false)
    // Monday 07:30 Shanghai is still Sunday in UTC.
    expect(centreOpenAt(office, shanghai('2026-11-30T07:30:00'))).toBe(false)
    expect(centreOpenAt(office, shanghai('2026-11-30T08:45:00'))).toBe(true)
  })

  test('a 24 h centre is always open, even without hours; a centre without hours is unknown', () => {
    expect(centreOpenAt(venue({ _id: 'v-24', name: '枣林西', open24h: true }), shanghai('2026-11-29T03:00:00'))).toBe(true)
    expect(centreOpenAt(venue({ _id: 'v-x', name: '某中心' }), shanghai('2026-11-29T10:00:00'))).toBeNull()
  })
})

const at = (v: Venue, near?: { lat: number; lng: number }): CentreItem => centreItem(v, { now: shanghai('2026-11-25T10:00:00'), ...(near ? { near } : {}) })

describe('the directory and the home page', () => {
  const youlin = venue({ _id: DEFAULT_CENTRE_ID, name: '友邻空间', lat: 36.06105, lng: 103.83208 })
  const xigu = venue({ _id: 'venue-xigu', name: '西固区', lat: 36.0951, lng: 103.6284 })
  const lanmu = venue({ _id: 'venue-lanmu', name: '岚沐文创园', lat: 36.05256, lng: 103.80127 })

  test('nearest first with whole-metre distances when measured; by name (pinyin) otherwise', () => {
    const here = { lat: 36.0962, lng: 103.6251 }
    const measured = sortCentres([youlin, xigu, lanmu].map((v) => at(v, here)))
    expect(measured.map((c) => c._id)).toEqual(['venue-xigu', 'venue-lanmu', DEFAULT_CENTRE_ID])
    expect(measured.every((c) => Number.isInteger(c.distanceM))).toBe(true)
    expect(sortCentres([youlin, xigu, lanmu].map((v) => at(v))).map((c) => c.name)).toEqual(['岚沐文创园', '西固区', '友邻空间'])
  })

  test('the home page shows the nearest when measured, else the centre last opened, else 友邻空间', () => {
    const unmeasured = [xigu, youlin, lanmu].map((v) => at(v))
    expect(homeCentre(unmeasured)?._id).toBe(DEFAULT_CENTRE_ID)
    expect(homeCentre(unmeasured, 'venue-lanmu')?._id).toBe('venue-lanmu')
    expect(homeCentre(unmeasured, 'venue-gone')?._id).toBe(DEFAULT_CENTRE_ID)
    expect(homeCentre([youlin, xigu, lanmu].map((v) => at(v, { lat: 36.0962, lng: 103.6251 })), 'venue-lanmu')?._id).toBe('venue-xigu')
    expect(homeCentre([])).toBeUndefined()
  })

  test('volunteer activities are the courses of kind volunteer', () => {
    expect([{ kind: 'volunteer' }, { kind: 'course' }, {}].map(isVolunteerActivity)).toEqual([true, false, false])
  })
})
