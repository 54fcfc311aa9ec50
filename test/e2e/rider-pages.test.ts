/**
 * Issue 7, the rider's pages on a 390×844 phone at Wednesday 17:37 (Shanghai): the 课程 page puts the first class
 * high with one row of filters and the free-time filter on; cards and details say the district and 导航 opens a map;
 * an emoji starting a title or nickname shows whole; a 30-character title keeps its tag on one line; texts show a
 * counter instead of being cut; a full free-time list says so readably; the 首页 tiles for what is not online yet say
 * so; every interactive element is at least 44 px; a 1.3× text size breaks no layout.
 */
import type { Locator, Page } from 'playwright-core'
import { shanghai } from '../support/instants'
import { data } from '../support/cloud'
import { visible } from './support/browser'
import { addPerson, openPhone, type Phone, riderStage, seededSession } from './support/rider'

const AT = shanghai('2026-11-25T17:37:00')
const EVENINGS = ([1, 2, 3, 4, 5] as const).map((weekday) => ({ weekday, from: '19:00', to: '21:30' }))

const stage = riderStage(AT, (cloud) => addPerson(cloud, 'e2e-evenings', AT, { nickname: '晚上有空', group: 'rider', freeTimes: EVENINGS }))

async function open(openid: string, route: string, fontScale?: number): Promise<Phone> {
  return stage.open({ openid, at: AT, route, fontScale })
}

/** A course created as the organizer would, at 友邻空间. */
async function createCourse(title: string): Promise<string> {
  const form = { title, category: '健康', description: '', cover: '', instructor: '', venueId: 'venue-youlin' } as const
  return data((await stage.cloud.call('course', 'saveCourse', form, 'demo-organizer')).body).course._id
}

/** How many lines the text of an element takes on screen. */
const linesOf = (locator: Locator): Promise<number> =>
  locator.evaluate((el) => {
    const range = document.createRange()
    range.selectNodeContents(el)
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size
  })

/**
 * Interactive elements of the page in front that are smaller than 44×44 CSS px, described for the failure message.
 * The tab bar belongs to the app shell; the page's own controls are what is measured.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      '[aria-role="button"]',
      '[aria-role="link"]',
      '[aria-role="tab"]',
      '[aria-role="radio"]',
      '[aria-role="checkbox"]',
      'button',
      'taro-button-core',
      '.nut-button',
      'input',
      '.form-picker',
      '.free-time-row__pick'
    ].join(',')
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.getClientRects().length > 0 && getComputedStyle(p).display !== 'none')
    const root = pages[pages.length - 1] ?? document.body
    const found: string[] = []
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(selector)).concat(Array.from(document.querySelectorAll<HTMLElement>('.nut-popup ' + selector.split(',').join(', .nut-popup '))))) {
      if (el.closest('.taro-tabbar__tabbar')) continue
      // A native input fills the Taro input box it sits in; the box is what the thumb aims at.
      const target = el.tagName === 'INPUT' ? (el.closest<HTMLElement>('taro-input-core, .form-input') ?? el) : el
      const box = target.getBoundingClientRect()
      if (box.width === 0 || box.height === 0) continue
      if (box.width < 43.5 || box.height < 43.5) {
        const name = (target.id ? `#${target.id}` : target.className.toString().split(' ')[0]) || target.tagName
        found.push(`${name} "${(target.textContent ?? '').trim().slice(0, 12)}" ${Math.round(box.width)}×${Math.round(box.height)}`)
      }
    }
    return [...new Set(found)]
  })
}

/** The page in front scrolls sideways nowhere but in its sideways rows. */
function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.taro_page *'))) {
      // Rows that scroll sideways on purpose (filters, the day strip) run past the edges.
      if (el.getClientRects().length === 0 || el.closest('.courses__chips, .week-strip, .services__chips, .points__chips')) continue
      const box = el.getBoundingClientRect()
      if (box.right > width + 1 || box.left < -1) out.push(`${el.className.toString().split(' ')[0] || el.tagName} ${Math.round(box.left)}–${Math.round(box.right)}`)
    }
    return [...new Set(out)].slice(0, 10)
  })
}

test('课程: the first class is high on the screen, the filters are one row, and 适合我的空闲时间 is on once free time is set', async () => {
  const { page, errors } = await open('e2e-evenings', '/pages/courses/index')
  const first = page.locator('.courses .session-card').first()
  await visible(first)
  await visible(page.locator('#filter-fits-free-time[data-on="true"]'))

  expect((await first.boundingBox())!.y).toBeLessThan(230)
  const filters = (await page.locator('#course-filters').boundingBox())!
  expect(filters.height).toBeLessThan(60)
  const tops = await page.locator('#course-filters .chip-row__chip').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)))
  expect(new Set(tops).size).toBe(1)
  // Every listed class fits an evening window (19:00–21:30 on weekdays).
  for (const startAt of await page.locator('.courses .session-card').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-start-at'))))) {
    const wall = new Date(startAt + 8 * 3600_000)
    expect([1, 2, 3, 4, 5]).toContain(wall.getUTCDay())
    expect(wall.getUTCHours()).toBeGreaterThanOrEqual(19)
  }

  // Without free time the filter starts off and every class shows.
  addPerson(stage.cloud, 'e2e-no-free-time', AT, { nickname: '还没填', group: 'courier' })
  const other = await open('e2e-no-free-time', '/pages/courses/index')
  await visible(other.page.locator('.courses .session-card').first())
  await visible(other.page.locator('#filter-fits-free-time[data-on="false"]'))
  expect(errors).toEqual([])
})

test('cards and details say the district; 导航 opens a map at the centre', async () => {
  const { page, errors } = await open('e2e-evenings', '/pages/courses/index')
  await page.locator('#filter-all').tap()
  await visible(page.locator('.courses .session-card[data-course-id="course-firstaid"]').first())
  expect(await page.locator('.courses .session-card[data-course-id="course-firstaid"] .session-card__venue').first().innerText()).toBe('枣林西社区 · 安宁区')
  await page.locator('#view-courses').tap()
  await visible(page.locator('#course-course-pufa', { hasText: '枣林西社区 · 安宁区' }))

  const session = seededSession(stage.cloud, 'course-yoga')
  const detail = await open('e2e-evenings', `/packages/course/detail?courseId=course-yoga&sessionId=${encodeURIComponent(session._id)}`)
  await visible(detail.page.locator('#detail-venue', { hasText: '友邻空间 · 城关区' }))
  // The phone has no network to the map site: answer for it, so the new tab shows where it was sent.
  await detail.page.context().route('https://uri.amap.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>map</title>' }))
  const navigate = detail.page.locator('#detail-venue-navigate')
  const box = (await navigate.boundingBox())!
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44)
  const [map] = await Promise.all([detail.page.context().waitForEvent('page'), navigate.tap()])
  expect(map.url()).toContain('uri.amap.com/marker')
  expect(decodeURIComponent(map.url())).toContain('position=103.83208,36.06105')
  expect(decodeURIComponent(map.url())).toContain('name=友邻空间')
  expect(errors).toEqual([])
})

test('an emoji starting a course title or a nickname shows whole as the cover initial and the avatar', async () => {
  const courseId = await createCourse('🚴骑行安全与保养')
  addPerson(stage.cloud, 'e2e-emoji', AT, { nickname: '😊小马', group: 'rider' })

  const { page } = await open('e2e-emoji', '/pages/courses/index')
  await page.locator('#view-courses').tap()
  const initial = page.locator(`#course-${courseId} .course-card__initial`)
  await visible(initial)
  expect(await initial.innerText()).toBe('🚴')

  const detail = await open('e2e-emoji', `/packages/course/detail?courseId=${courseId}`)
  await visible(detail.page.locator('.course-detail__initial'))
  expect(await detail.page.locator('.course-detail__initial').innerText()).toBe('🚴')

  const me = await open('e2e-emoji', '/pages/me/index')
  const avatar = me.page.locator('.profile-card__avatar--blank')
  await visible(avatar)
  expect(await avatar.innerText()).toBe('😊')
})

test('a 30-character title wraps and keeps its category tag on one line', async () => {
  const title = '社区应急救护与家庭常见意外伤害处理实用技能系列培训课程入门班'
  expect(Array.from(title)).toHaveLength(30)
  const courseId = await createCourse(title)

  const { page } = await open('e2e-evenings', '/pages/courses/index')
  await page.locator('#view-courses').tap()
  const tag = page.locator(`#course-${courseId} .course-card__tag`)
  await visible(tag)
  expect(await linesOf(tag)).toBe(1)

  const detail = await open('e2e-evenings', `/packages/course/detail?courseId=${courseId}`)
  const detailTag = detail.page.locator('.course-detail__tag')
  await visible(detailTag)
  expect(await linesOf(detailTag)).toBe(1)
  expect(await linesOf(detail.page.locator('#detail-title'))).toBeGreaterThan(1)
})

test('a nickname or community past its limit is not cut: a counter says how long it may be, and saving says why not', async () => {
  addPerson(stage.cloud, 'e2e-long-name', AT, { nickname: '短名', group: 'driver' })
  const { page, errors } = await open('e2e-long-name', '/pages/me/index')
  const nickname = page.locator('#profile-nickname input')
  await visible(nickname)
  await visible(page.locator('#nickname-count', { hasText: '2/20' }))

  const long = '网约车司机马师傅晚上跑车白天休息想学书法啊' // 21 characters
  await nickname.fill(long)
  expect(await nickname.inputValue()).toBe(long)
  await visible(page.locator('#nickname-count', { hasText: '21/20' }))
  await visible(page.locator('#nickname-error', { hasText: '最多20个字' }))

  const community = page.locator('#profile-community input')
  const place = '兰州市城关区酒泉路街道友邻空间旁边的那个小区三号楼二单元五楼东户' // 32 characters
  await community.fill(place)
  expect(await community.inputValue()).toBe(place)
  await visible(page.locator('#community-count', { hasText: '32/30' }))

  await page.locator('#profile-save').tap()
  await page.waitForTimeout(500)
  expect(stage.cloud.db.find<{ nickname: string }>('users', { _id: 'e2e-long-name' })[0].nickname).toBe('短名')
  expect(errors).toEqual([])
})

test('a full free-time list says so in readable contrast', async () => {
  const full = Array.from({ length: 14 }, (_, i) => ({
    weekday: ((i % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7,
    from: i < 7 ? '08:00' : '19:00',
    to: i < 7 ? '10:00' : '21:00'
  }))
  addPerson(stage.cloud, 'e2e-full-week', AT, { nickname: '时间很多', group: 'resident', freeTimes: full })
  const { page } = await open('e2e-full-week', '/pages/me/index')
  const note = page.getByText(/14 个时间段/).last()
  await visible(note)
  const contrast = await note.evaluate((el) => {
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
    let opacity = 1
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity)
    let bg = [255, 255, 255]
    for (let e: Element | null = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor)
      if (c.length >= 3 && (c[3] ?? 1) > 0) {
        bg = c.slice(0, 3)
        break
      }
    }
    const [r, g, b, a = 1] = rgba(getComputedStyle(el).color)
    const fg = [r, g, b].map((v, i) => v * a * opacity + bg[i] * (1 - a * opacity))
    const lum = (c: number[]) => {
      const [R, G, B] = c.map((v) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * R + 0.7152 * G + 0.0722 * B
    }
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  })
  expect(contrast).toBeGreaterThanOrEqual(4.5)
})

test('首页: 需求征集 leads to the questionnaires; 服务清单 to the 服务 tab and its list', async () => {
  const { page, errors } = await open('e2e-evenings', '/pages/home/index')
  await visible(page.locator('#entry-services'))
  await page.locator('#entry-services').tap()
  await page.waitForURL(/pages\/services\/index/)
  await visible(page.locator('#service-list .service-card').first())

  const again = await open('e2e-evenings', '/pages/home/index')
  await again.page.locator('#entry-needs').tap()
  await again.page.waitForURL(/packages\/survey\/index/)
  await visible(again.page.locator('.survey-card').first())
  expect([...errors, ...again.errors]).toEqual([])
})

test('every interactive element of the rider pages is at least 44×44 px, at 1× and at 1.3× text size, with nothing spilling sideways', async () => {
  addPerson(stage.cloud, 'e2e-thumbs', AT, { nickname: '大拇指', group: 'rider', freeTimes: EVENINGS.slice(0, 2) })
  data((await stage.cloud.call('course', 'book', { sessionId: seededSession(stage.cloud, 'course-yoga')._id }, 'e2e-thumbs')).body)
  const shufa = seededSession(stage.cloud, 'course-shufa', 1)
  const small: Record<string, string[]> = {}
  const spilling: Record<string, string[]> = {}

  /** Opens a route, waits for `ready`, optionally acts, and records what is too small or spills over. */
  const measure = async (name: string, route: string, scale: number, ready: string, act?: (page: Page) => Promise<void>) => {
    const phone = await openPhone(stage.browser, stage.cloud, { openid: 'e2e-thumbs', at: AT, route, fontScale: scale === 1 ? undefined : scale })
    try {
      await visible(phone.page.locator(ready).first())
      if (act) await act(phone.page)
      const key = scale === 1 ? name : `${name} at ${scale}×`
      small[key] = await smallTargets(phone.page)
      spilling[key] = await horizontalOverflow(phone.page)
      expect(phone.errors).toEqual([])
    } finally {
      await phone.close()
    }
  }

  for (const scale of [1, 1.3]) {
    await measure('首页', '/pages/home/index', scale, '#entry-courses')
    await measure('课程', '/pages/courses/index', scale, '.courses .session-card')
    await measure('课程介绍', '/pages/courses/index', scale, '#view-courses', async (page) => {
      await page.locator('#view-courses').tap()
      await visible(page.locator('.course-card').first())
    })
    await measure('详情', `/packages/course/detail?courseId=course-shufa&sessionId=${encodeURIComponent(shufa._id)}`, scale, '#book-button:not([disabled])')
    await measure('预约确认', `/packages/course/detail?courseId=course-shufa&sessionId=${encodeURIComponent(shufa._id)}`, scale, '#book-button:not([disabled])', async (page) => {
      await page.locator('#book-button').tap()
      await visible(page.locator('#book-confirm'))
      await page.waitForTimeout(500)
    })
    await measure('我的预约', '/packages/course/bookings', scale, '.booking-cancel')
    await measure('我的', '/pages/me/index', scale, '#free-time-0-from')
    await measure('服务', '/pages/services/index', scale, '#service-list .service-card')
    await measure('服务详情', '/packages/service/detail?serviceId=svc-legal-night', scale, '#service-locations .venue-line')
    await measure('提需求', '/packages/service/need', scale, '#need-submit')
    await measure('服务点', '/packages/service/points', scale, '#points-list .point')
  }

  const none = (r: Record<string, string[]>) => Object.fromEntries(Object.keys(r).map((k) => [k, []]))
  expect(small).toEqual(none(small))
  expect(spilling).toEqual(none(spilling))
})
