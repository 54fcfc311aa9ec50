/**
 * Builders for matching tests: a need and a service with sensible defaults near 友邻空间 in Lanzhou, overridden per test,
 * and seeded random generators for property tests and the benchmark.
 */
import type { NeedDoc, ReferralDoc, ServiceDoc } from '@core/matching'
import { atWallClock } from '@core/time'

/** Tuesday 2025-05-20 10:00 in Shanghai. */
export const NOW = atWallClock('2025-05-20', '10:00')

/** 友邻空间 (GCJ-02), the centre of the test city. */
export const CENTRE = { lat: 36.0611, lng: 103.8343 }

/** A point `north` and `east` metres from `from` (flat approximation, fine for a few kilometres). */
export function offset(from: { lat: number; lng: number }, north: number, east: number): { lat: number; lng: number } {
  const metresPerDegreeLat = 111_195
  return {
    lat: from.lat + north / metresPerDegreeLat,
    lng: from.lng + east / (metresPerDegreeLat * Math.cos((from.lat * Math.PI) / 180))
  }
}

export function need(overrides: Partial<NeedDoc> = {}): NeedDoc {
  return {
    _id: 'need-1',
    venueId: 'youlin',
    category: 'LEGAL_LABOR',
    text: '老板拖欠工资三个月',
    tokens: ['老板', '拖欠', '工资', '三个', '月'],
    urgency: 'normal',
    source: 'self',
    requesterKey: 'rk-rider-1',
    group: 'rider',
    availability: [{ weekday: 6, from: '09:00', to: '12:00' }],
    location: { ...offset(CENTRE, 800, 0), precise: true },
    consent: { shareContact: true, preciseLocation: true },
    photos: [],
    status: 'matching',
    history: [],
    createdAt: NOW - 5 * 86_400_000,
    updatedAt: NOW - 5 * 86_400_000,
    ...overrides
  }
}

export function service(overrides: Partial<ServiceDoc> = {}): ServiceDoc {
  return {
    _id: 'svc-legal',
    venueId: 'youlin',
    orgId: 'org-law',
    title: '法律咨询 · 劳动纠纷',
    description: '律师为骑手解答欠薪、劳动合同问题',
    taxonomy: ['LEGAL'],
    eligibility: { groups: [] },
    locations: [{ name: '友邻空间', address: '兰州市城关区', ...CENTRE }],
    serviceAreaM: 3000,
    schedules: [{ weekday: 6, from: '09:00', to: '11:00' }],
    capacity: { perPeriod: 5, period: 'week' },
    resourceIds: [],
    amenities: [],
    status: 'active',
    tokens: ['律师', '为', '骑手', '解答', '欠薪', '、', '劳动合同', '问题'],
    createdAt: NOW - 30 * 86_400_000,
    updatedAt: NOW - 30 * 86_400_000,
    ...overrides
  }
}

export function referral(overrides: Partial<ReferralDoc> = {}): ReferralDoc {
  return {
    _id: 'need-1_svc-legal',
    needId: 'need-1',
    serviceId: 'svc-legal',
    orgId: 'org-law',
    venueId: 'youlin',
    requesterKey: 'rk-rider-1',
    score: 0.8,
    reasons: ['同属法律咨询'],
    status: 'proposed',
    history: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides
  }
}

/** A small deterministic generator (mulberry32), for instances that must be the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
