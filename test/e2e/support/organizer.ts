/**
 * What the organizer browser tests share: a phone opened as the demo organizer at a fixed instant (the page computes
 * "now" for its labels and rules, so the browser's clock starts where the cloud's is stopped), the pages of 管理端 by
 * route, and a check that every control a thumb has to hit is at least 44 × 44 CSS px.
 */
import type { Browser, Page } from 'playwright-core'
import { startTestCloud, type TestCloud } from '../../support/cloud'
import { launchBrowser, newPhone, tabBar } from './browser'
import { H5_DIR } from './build'

export interface OrganizerPhone {
  page: Page
  /** Uncaught errors of the page; a test ends by expecting none. */
  errors: string[]
  close(): Promise<void>
}

/** A phone showing 我的 as the demo organizer, privacy notice accepted, its clock started at `at`. */
export async function openOrganizer(browser: Browser, cloud: TestCloud, at: number): Promise<OrganizerPhone> {
  const context = await newPhone(browser)
  const page = await context.newPage()
  await page.clock.install({ time: at })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${cloud.url}/?as=demo-organizer`)
  await page.waitForURL(/pages\/home\/index/)
  await tabBar(page, '我的').tap()
  await page.locator('#privacy-agree').tap()
  return { page, errors, close: () => context.close() }
}

/** What a 管理端 test reads: the seeded cloud stopped at the file's instant, the browser, and this test's fresh phone. */
export interface OrganizerStage {
  cloud: TestCloud
  browser: Browser
  phone: OrganizerPhone
}

/**
 * Sets up a 管理端 browser test file: one seeded cloud and browser for the file, a fresh organizer phone per test.
 * Call it at the file's top level; its fields are filled by the hooks it registers, so read them inside tests.
 */
export function organizerStage(at: number): OrganizerStage {
  const stage: Partial<OrganizerStage> = {}
  const ready = (): OrganizerStage => stage as OrganizerStage
  beforeAll(async () => {
    stage.cloud = await startTestCloud({ at, seed: true, staticDir: H5_DIR })
    stage.browser = await launchBrowser()
  })
  afterAll(async () => {
    await stage.browser?.close()
    await stage.cloud?.close()
  })
  beforeEach(async () => {
    stage.phone = await openOrganizer(ready().browser, ready().cloud, at)
  })
  afterEach(() => stage.phone?.close())
  return stage as OrganizerStage
}

/** Opens a 管理端 page by its route, e.g. `session?sessionId=…`. */
export async function openPage(phone: OrganizerPhone, cloud: TestCloud, route: string): Promise<void> {
  await phone.page.goto(`${cloud.url}/#/packages/organizer/${route}`)
}

/** The minimum size of a tap target, CSS px (WCAG 2.5.5 / Apple's HIG). */
export const MIN_TAP_PX = 44

/** Every visible control of the current page smaller than MIN_TAP_PX either way, as 'label w×h'. */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const selector = [
      'button',
      'taro-button-core',
      '.nut-button',
      'input',
      'textarea',
      '[aria-role="button"]',
      '[aria-role="link"]',
      '[aria-role="checkbox"]',
      '[aria-role="radio"]',
      '.form-picker'
    ].join(',')
    // Pages the router keeps underneath the current one are hidden; only what is on screen counts.
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.organizer')).filter((p) => p.getClientRects().length > 0)
    const controls = shown.flatMap((p) => Array.from(p.querySelectorAll<HTMLElement>(selector)))
    // A control inside another one (NutUI's inner <button>, an input inside its picker) is measured as the outer one.
    const outer = controls.filter((el) => !controls.some((other) => other !== el && other.contains(el)))
    return outer
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height > 0)
      .filter(({ box }) => box.width < min - 0.5 || box.height < min - 0.5)
      .map(({ el, box }) => `${(el.getAttribute('aria-label') ?? el.textContent ?? el.id).trim().slice(0, 16)} ${Math.round(box.width)}×${Math.round(box.height)}`)
  }, MIN_TAP_PX)
}
