/**
 * Timer triggers from config.json, fired on demand and on schedule. The event is SCF's timer event
 * (https://cloud.tencent.com/document/product/583/9708: `{Type: 'Timer', TriggerName, Time, Message}`) and the
 * function runs with SOURCE `wx_trigger` and no OPENID (Cloud.getWXContext: "wx_trigger 云函数定时触发器调用").
 */
import type { TimerEvent } from '../../emulator/timers'
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['fx-timer', 'fx-ticker'], timers: true })
})

afterAll(() => cloud.close())

test('runTrigger delivers the timer event, with SOURCE wx_trigger and no OPENID', async () => {
  const before = Date.now()
  const result = await cloud.cloud.runTrigger<{ event: TimerEvent; context: Record<string, unknown> }>('fx-timer', 'nightly')
  expect(result.event).toMatchObject({ Type: 'Timer', TriggerName: 'nightly', Message: '' })
  expect(result.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  expect(Date.parse(result.event.Time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
  expect(result.context).toEqual({ ENV: 'local', SOURCE: 'wx_trigger' })
})

test('an unknown trigger or function is refused', async () => {
  await expect(cloud.cloud.runTrigger('fx-timer', 'hourly')).rejects.toThrow('hourly')
  await expect(cloud.cloud.runTrigger('nope', 'nightly')).rejects.toThrow('nope')
})

test('POST /triggers/<fn>/<trigger> fires it over HTTP (what npm run trigger uses)', async () => {
  const res = await cloud.request('POST', '/triggers/fx-timer/nightly')
  expect(res.status).toBe(200)
  expect(JSON.parse(res.body.toString()).event.TriggerName).toBe('nightly')
  expect(res.headers['x-cloud-db-ops']).toBe('0')
  expect((await cloud.request('POST', '/triggers/fx-timer/hourly')).status).toBe(404)
})

test('with timers on, a trigger fires on its schedule (fx-ticker: every second)', async () => {
  // Waits for an event, not for a duration: the ticker's first run is at most a second away.
  const fired = () => cloud.logs.some((l) => l.startsWith('timer fx-ticker/everySecond fired'))
  for (let i = 0; i < 100 && !fired(); i++) await new Promise((r) => setTimeout(r, 50))
  expect(fired()).toBe(true)
})

describe('on the cloud clock', () => {
  afterEach(() => cloud.clock.reset())

  test('runTrigger stamps the event with the clock’s instant, not the wall clock', async () => {
    const at = Date.parse('2026-12-31T23:30:00+08:00')
    cloud.clock.set(at)
    const { event } = await cloud.cloud.runTrigger<{ event: TimerEvent }>('fx-timer', 'nightly')
    expect(event.Time).toBe('2026-12-31T15:30:00Z')
  })

  test('a stopped clock holds scheduled timers back; moving it on lets them fire', async () => {
    const firings = () => cloud.logs.filter((l) => l.startsWith('timer fx-ticker/everySecond fired')).length
    cloud.clock.set(Date.now())
    // A firing already due may still land; after that, none while the clock stands.
    await new Promise((r) => setTimeout(r, 1100))
    const held = firings()
    await new Promise((r) => setTimeout(r, 2100))
    expect(firings()).toBe(held)
    cloud.clock.advance(1000)
    for (let i = 0; i < 60 && firings() === held; i++) await new Promise((r) => setTimeout(r, 50))
    expect(firings()).toBe(held + 1)
  })
})
