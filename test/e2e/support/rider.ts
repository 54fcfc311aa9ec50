/**
 * What the rider browser tests share: a phone whose own clock starts at the cloud's fixed instant (the page computes
 * "now" for its labels and rules), people arranged straight in the store, and taps with exact finger timing.
 */
import type { Browser, Locator, Page } from 'playwright-core'
import type { FreeTime, UserGroup } from '@core/api'
import { startTestCloud, type TestCloud } from '../../support/cloud'
import { launchBrowser, newPhone } from './browser'
import { H5_DIR } from './build'

export interface Phone {
  page: Page
  /** Uncaught errors of the page; a flow should end with none. */
  errors: string[]
  close(): Promise<void>
}

/**
 * A phone at `at` signed in as `openid`, showing `route` (a hash route such as `/pages/courses/index`). The privacy
 * notice counts as agreed on this device unless `consented` is false.
 */
export interface PhoneOptions {
  openid: string
  at: number
  route: string
  consented?: boolean
  fontScale?: number
}

export async function openPhone(browser: Browser, cloud: TestCloud, options: PhoneOptions): Promise<Phone> {
  const context = await newPhone(browser)
  if (options.consented !== false) {
    await context.addInitScript((at) => window.localStorage.setItem('youlin.privacyConsentAt', JSON.stringify({ data: at })), options.at)
  }
  if (options.fontScale) {
    // Taro sizes the page in rem from a root size it sets inline (40 px per 750 design px of screen width); a larger
    // root size is what a larger text setting does to it. The inline size must lose, hence !important.
    await context.addInitScript((scale) => {
      document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style')
        style.textContent = `html { font-size: ${((40 * document.documentElement.clientWidth) / 750) * scale}px !important; }`
        document.head.appendChild(style)
      })
    }, options.fontScale)
  }
  const page = await context.newPage()
  await page.clock.install({ time: options.at })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(options.openid)}#${options.route}`)
  return { page, errors, close: () => context.close() }
}

/** What a rider test reads: the seeded cloud stopped at the file's instant, the browser, and phones for this test. */
export interface RiderStage {
  cloud: TestCloud
  browser: Browser
  /** A phone as `openPhone` makes it, closed when the test ends. */
  open(options: PhoneOptions): Promise<Phone>
}

/**
 * Sets up a rider browser test file: one seeded cloud (then `arrange`d) and browser for the file, and the phones a
 * test opens closed after it. Call it at the file's top level; read its fields inside tests.
 */
export function riderStage(at: number, arrange?: (cloud: TestCloud) => void): RiderStage {
  const phones: Phone[] = []
  const stage: Partial<RiderStage> & Pick<RiderStage, 'open'> = {
    async open(options) {
      const phone = await openPhone(stage.browser as Browser, stage.cloud as TestCloud, options)
      phones.push(phone)
      return phone
    }
  }
  beforeAll(async () => {
    stage.cloud = await startTestCloud({ at, seed: true, staticDir: H5_DIR })
    stage.browser = await launchBrowser()
    arrange?.(stage.cloud)
  })
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()))
  })
  afterAll(async () => {
    await stage.browser?.close()
    await stage.cloud?.close()
  })
  return stage as RiderStage
}

/** A person with a profile, as the user function would have stored it after 我的 was filled in. */
export function addPerson(cloud: TestCloud, openid: string, at: number, profile: { nickname?: string; group?: UserGroup | ''; community?: string; freeTimes?: FreeTime[] } = {}): void {
  cloud.db.insert('users', [
    {
      _id: openid,
      nickname: profile.nickname ?? '',
      avatarUrl: '',
      group: profile.group ?? '',
      community: profile.community ?? '',
      freeTimes: profile.freeTimes ?? [],
      roles: [],
      strikes: 0,
      privacyConsentAt: at,
      createdAt: at,
      updatedAt: at
    }
  ])
}

/** The centre of an element on screen (fails when it is not laid out). */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox()
  if (!box) throw new Error('the element is not on screen')
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** `count` finger taps on one spot, `gapMs` apart, as a hurried thumb makes them. */
export async function tapRepeatedly(page: Page, at: { x: number; y: number }, count: number, gapMs: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    if (i > 0) await page.waitForTimeout(gapMs)
    await page.touchscreen.tap(at.x, at.y)
  }
}

export interface SeededSession {
  _id: string
  startAt: number
  capacity: number
  booked: number
}

/** A seeded session by course, the `n`th upcoming one (0 = the first). */
export function seededSession(cloud: TestCloud, courseId: string, n = 0): SeededSession {
  const sessions = cloud.db.find<SeededSession>('sessions', { courseId, status: 'scheduled' }, { sort: { startAt: 1 } })
  const upcoming = sessions.filter((s) => s.startAt > cloud.clock.now())
  if (!upcoming[n]) throw new Error(`no upcoming session ${n} of ${courseId}`)
  return upcoming[n]
}
