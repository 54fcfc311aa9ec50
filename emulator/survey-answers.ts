/**
 * Deterministic answers to the demo questionnaires (demo-surveys.ts), for the demo data, the integration tests and
 * the benchmark: the same seed gives the same respondents, so a test can compute what the results must say from the
 * generated answers alone, and a benchmark run is repeatable.
 *
 * Answers are plausible rather than uniform — riders ask for charging and rest, drivers for help after traffic
 * accidents, residents for childcare and health checks — so the results pages and the list review show patterns.
 * Only answers a respondent would see are generated (a legal topic only after choosing 法律咨询, contact details only
 * after agreeing), so a tally of the generated answers is what the survey's statistics must count.
 */
import type { UserGroup } from '@core/api/user'
import { regionOptions, type Channel } from '@core/survey'

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same sequence. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number

export interface GeneratedResponse {
  /** The respondent's openid (self-filled) or a stand-in for the person visited. */
  respondent: string
  channel: Channel
  clientId: string
  answers: Record<string, unknown>
  /** When it was submitted. */
  at: number
  /** The respondent's phone, which a visit entry records for dedupe. */
  phone?: string
  visitPlace?: string
  /** The group on the respondent's profile, for surveys that do not ask it. */
  profileGroup?: UserGroup | ''
}

export interface GenerateOptions {
  count: number
  /** The share entered from visits (走访录入). */
  proxyShare?: number
  /** Submissions spread over [from, to). */
  from: number
  to: number
  /** Respondent ids are `<prefix>-<n>`; distinct prefixes give distinct people. */
  prefix?: string
}

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]

/** One of `weights`' keys, each as likely as its weight. */
function weighted<K extends string>(rand: Rand, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][]
  let x = rand() * entries.reduce((sum, [, w]) => sum + w, 0)
  for (const [key, w] of entries) {
    x -= w
    if (x < 0) return key
  }
  return entries[entries.length - 1][0]
}

/** Each key independently with its probability, at most `max`, the likeliest first when over. */
function several<K extends string>(rand: Rand, chances: Readonly<Record<K, number>>, max: number): K[] {
  const chosen = (Object.entries(chances) as [K, number][]).filter(([, p]) => rand() < p)
  return chosen
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([key]) => key)
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '马', '朱', '胡', '郭', '何', '高', '罗', '郑']
const ADDRESS = ['师傅', '先生', '女士', '姐', '哥']

const personName = (rand: Rand): string => `${pick(rand, SURNAMES)}${pick(rand, ADDRESS)}`

/** A mobile number unique to `n` within one generated set (`base` keeps sets apart). */
const mobile = (base: number, n: number): string => `1${3 + (n % 7)}${String(base + n).padStart(9, '0').slice(-9)}`

/** A street of Lanzhou the region table lists, as a region answer (省/市/区/街道). */
function street(rand: Rand): string[] {
  const province = '甘肃省'
  const city = pick(rand, regionOptions([province]))
  const district = pick(rand, regionOptions([province, city]))
  return [province, city, district, pick(rand, regionOptions([province, city, district]))]
}

const VISIT_PLACES = ['兰州老街商圈', '酒泉路美食街', '张掖路步行街', '雁南路奔马车行', '幸福里小区门岗驿站', '枣林西24小时服务点']

const OTHER_NEEDS = [
  '希望晚上十点以后也有地方充电',
  '孩子放暑假没人照看',
  '想学电脑办公，考个证',
  '送餐超时被罚款，想问问怎么申诉',
  '冬天希望有地方热饭',
  '想参加篮球、羽毛球这类活动'
]

const GROUPS: Record<UserGroup, number> = { rider: 40, courier: 25, driver: 15, resident: 15, other: 5 }

type Need = 'legal' | 'health' | 'childcare' | 'skills' | 'jobs' | 'charging' | 'meal' | 'rest' | 'social'

const NEED_CHANCES: Record<UserGroup, Record<Need, number>> = {
  rider: { charging: 0.6, rest: 0.5, meal: 0.45, legal: 0.4, skills: 0.3, health: 0.25, social: 0.2, jobs: 0.15, childcare: 0.1 },
  courier: { rest: 0.45, legal: 0.35, skills: 0.35, health: 0.3, charging: 0.3, meal: 0.3, childcare: 0.2, social: 0.15, jobs: 0.15 },
  driver: { legal: 0.5, health: 0.4, rest: 0.35, charging: 0.3, skills: 0.2, meal: 0.2, jobs: 0.15, social: 0.1, childcare: 0.15 },
  resident: { childcare: 0.5, health: 0.5, social: 0.4, skills: 0.3, legal: 0.2, jobs: 0.2, meal: 0.05, rest: 0.05, charging: 0.05 },
  other: { skills: 0.35, jobs: 0.35, health: 0.3, legal: 0.25, social: 0.25, childcare: 0.15, rest: 0.1, meal: 0.1, charging: 0.1 }
}

const HOURS: Record<'rider' | 'courier' | 'driver', Record<string, number>> = {
  rider: { before18: 1, before21: 3, after21: 5, irregular: 2 },
  courier: { before18: 2, before21: 5, after21: 2, irregular: 1 },
  driver: { before18: 1, before21: 2, after21: 3, irregular: 5 }
}

const FREE_TIME: Record<UserGroup, Record<string, number>> = {
  rider: { weekdayAfternoon: 0.35, weekdayEvening: 0.55, weekendEvening: 0.4, weekdayMorning: 0.1, weekendDay: 0.15 },
  courier: { weekdayEvening: 0.6, weekendDay: 0.3, weekendEvening: 0.35, weekdayAfternoon: 0.15, weekdayMorning: 0.05 },
  driver: { weekdayAfternoon: 0.4, weekdayMorning: 0.3, weekendEvening: 0.3, weekdayEvening: 0.25, weekendDay: 0.2 },
  resident: { weekdayMorning: 0.6, weekdayAfternoon: 0.45, weekendDay: 0.4, weekdayEvening: 0.2, weekendEvening: 0.1 },
  other: { weekendDay: 0.5, weekdayEvening: 0.4, weekendEvening: 0.3, weekdayMorning: 0.2, weekdayAfternoon: 0.2 }
}

const isWorker = (group: UserGroup): group is 'rider' | 'courier' | 'driver' => group === 'rider' || group === 'courier' || group === 'driver'

/** A filling's clientId, as a client makes one. */
const clientIdOf = (prefix: string, n: number): string => `${prefix}-${String(n).padStart(6, '0')}`

function spread(options: GenerateOptions, n: number, rand: Rand): number {
  const span = options.to - options.from
  return Math.floor(options.from + (span * (n + rand())) / options.count)
}

/** Respondents of 新就业群体需求调查. */
export function needsAnswers(rand: Rand, options: GenerateOptions): GeneratedResponse[] {
  const prefix = options.prefix ?? 'demo-respondent'
  const base = Math.floor(rand() * 1e8)
  return Array.from({ length: options.count }, (_, n): GeneratedResponse => {
    const group = weighted(rand, GROUPS)
    const answers: Record<string, unknown> = { group }
    if (isWorker(group)) {
      answers.hours = weighted(rand, HOURS[group])
      if (rand() < 0.8) answers.workDays = 5 + Math.floor(rand() * 3)
    }
    const needs = rand() < 0.05 ? ['none'] : several(rand, NEED_CHANCES[group], 3)
    answers.needs = needs.length > 0 ? needs : [weighted(rand, NEED_CHANCES[group])]
    const chosen = answers.needs as string[]
    if (chosen.includes('legal')) {
      answers.legalTopic = group === 'driver' ? weighted(rand, { traffic: 5, labor: 2, other: 1 }) : weighted(rand, { labor: 5, family: 2, traffic: 1, other: 1 })
    }
    if (chosen.includes('skills')) {
      const topics = several(rand, { cert: 0.5, digital: 0.5, safety: isWorker(group) ? 0.5 : 0.1 }, 3)
      if (topics.length > 0) answers.skillTopics = topics
    }
    if (rand() < 0.12) answers.otherNeed = pick(rand, OTHER_NEEDS)
    const free = several(rand, FREE_TIME[group], 5)
    answers.freeTime = free.length > 0 ? free : ['weekendDay']
    if (rand() < 0.8) answers.satisfaction = Number(weighted(rand, { '1': 0.3, '2': 1, '3': 2, '4': 5, '5': 4 }))
    const channel: Channel = rand() < (options.proxyShare ?? 0) ? 'proxy' : 'self'
    const phone = mobile(base, n)
    const contact = rand() < 0.6
    answers.wantContact = contact ? 'yes' : 'no'
    if (contact) {
      const agreed = rand() < 0.9
      if (agreed) {
        answers.contactConsent = true
        if (rand() < 0.8) answers.name = personName(rand)
        answers.phone = phone
      }
      if (rand() < 0.7) answers.street = street(rand)
    }
    return {
      respondent: `${prefix}-${String(n + 1).padStart(6, '0')}`,
      channel,
      clientId: clientIdOf(`${prefix}-needs`, n),
      answers,
      at: spread(options, n, rand),
      phone,
      ...(channel === 'proxy' ? { visitPlace: pick(rand, VISIT_PLACES) } : {})
    }
  })
}

const ORG_NAMES = ['甘肃律师志愿团', '兰州暖阳社工服务中心', '城关区红十字会', '张掖路老马牛肉面', '雁南路汽修店', '黄河边咖啡馆', '兰州某物流公司', '安宁区义工联合会']

type Offer = 'room' | 'classroom' | 'lawyer' | 'doctor' | 'counselor' | 'trainer' | 'charging' | 'water' | 'rest' | 'jobs' | 'goods' | 'volunteers'

const OFFER_CHANCES: Record<'enterprise' | 'ngo' | 'merchant' | 'volunteer', Partial<Record<Offer, number>>> = {
  enterprise: { room: 0.5, classroom: 0.3, jobs: 0.6, goods: 0.4, trainer: 0.3 },
  ngo: { lawyer: 0.4, doctor: 0.35, counselor: 0.4, trainer: 0.3, volunteers: 0.6, room: 0.2 },
  merchant: { charging: 0.7, water: 0.6, rest: 0.6, goods: 0.2 },
  volunteer: { volunteers: 0.8, trainer: 0.2, lawyer: 0.1, doctor: 0.1 }
}

/** Enterprises, 社会组织, merchants and volunteers answering 资源征集 (unlimited: one filling per offer). */
export function resourceAnswers(rand: Rand, options: GenerateOptions): GeneratedResponse[] {
  const prefix = options.prefix ?? 'demo-org'
  const base = Math.floor(rand() * 1e8)
  return Array.from({ length: options.count }, (_, n): GeneratedResponse => {
    const orgKind = weighted(rand, { enterprise: 3, ngo: 3, merchant: 4, volunteer: 2 })
    const answers: Record<string, unknown> = { orgKind }
    if (orgKind !== 'volunteer') answers.orgName = pick(rand, ORG_NAMES)
    const offers = several(rand, OFFER_CHANCES[orgKind] as Record<Offer, number>, 12)
    answers.offers = offers.length > 0 ? offers : [Object.keys(OFFER_CHANCES[orgKind])[0]]
    if (rand() < 0.7) answers.hoursPerMonth = 4 * (1 + Math.floor(rand() * 20))
    const when = several(rand, { weekdayEvening: 0.5, weekendDay: 0.5, weekdayAfternoon: 0.3, weekdayMorning: 0.2, weekendEvening: 0.2 }, 5)
    if (when.length > 0) answers.when = when
    if (rand() < 0.1) answers.otherOffer = '可以提供一些旧电脑用于技能培训'
    const phone = mobile(base, n)
    answers.contactConsent = true
    answers.contactName = personName(rand)
    answers.contactPhone = phone
    const channel: Channel = rand() < (options.proxyShare ?? 0) ? 'proxy' : 'self'
    return {
      respondent: `${prefix}-${String(n + 1).padStart(4, '0')}`,
      channel,
      clientId: clientIdOf(`${prefix}-offer`, n),
      answers,
      at: spread(options, n, rand),
      phone,
      profileGroup: 'other',
      ...(channel === 'proxy' ? { visitPlace: pick(rand, VISIT_PLACES) } : {})
    }
  })
}

/** Users of 兰州老街's stations rating them. */
export function feedbackAnswers(rand: Rand, options: GenerateOptions): GeneratedResponse[] {
  const prefix = options.prefix ?? 'demo-laojie'
  return Array.from({ length: options.count }, (_, n): GeneratedResponse => {
    const uses = several(rand, { charging: 0.6, water: 0.5, rest: 0.7 }, 3)
    return {
      respondent: `${prefix}-${String(n + 1).padStart(4, '0')}`,
      channel: 'self',
      clientId: clientIdOf(`${prefix}-feedback`, n),
      answers: { group: weighted(rand, { rider: 5, courier: 3, driver: 1, resident: 1 }), uses: uses.length > 0 ? uses : ['rest'], rating: 6 + Math.floor(rand() * 5) },
      at: spread(options, n, rand)
    }
  })
}
