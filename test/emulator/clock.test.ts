/**
 * The local cloud's clock (emulator/clock.ts) as other processes and function code see it: the `/_cloud/clock` route
 * reads, stops, shifts and resets it, and an invocation runs at its reading — the instant in its SCF context
 * (`localClockAt`), what `db.serverDate()` stores and what a new `_id` is stamped with. On CloudBase all of these are
 * the wall clock; here a test chooses the day.
 */
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['fx-clock'] })
})

afterEach(() => cloud.clock.reset())

afterAll(() => cloud.close())

/** 2026-03-02 09:30 in Shanghai: a Monday morning, far from the day the suite runs. */
const MONDAY_MORNING = Date.parse('2026-03-02T09:30:00+08:00')
const DAY_MS = 24 * 3600_000

async function clockRoute(method: 'GET' | 'POST', body?: object) {
  const res = await cloud.request(method, '/_cloud/clock', body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) }
}

interface ClockReport {
  localClockAt: number
  serverDate: number
  id: string
}
const invoke = async (): Promise<ClockReport> => (await cloud.callUntyped('fx-clock', {}, 'demo-rider')).body as ClockReport
/** The creation second a CloudBase-style id carries in its first 8 hex digits. */
const idSecond = (id: string) => parseInt(id.slice(0, 8), 16)

describe('/_cloud/clock', () => {
  test('GET reads a running clock: the wall clock, unshifted', async () => {
    const before = Date.now()
    const { status, body } = await clockRoute('GET')
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
    expect(body.data.shiftMs).toBe(0)
    expect(body.data.stoppedAt).toBeUndefined()
    expect(body.data.now).toBeGreaterThanOrEqual(before)
    expect(body.data.now).toBeLessThanOrEqual(Date.now())
  })

  test('POST {at} stops the clock there; POST {} sets it running on the wall clock again', async () => {
    expect((await clockRoute('POST', { at: MONDAY_MORNING })).body.data).toEqual({ now: MONDAY_MORNING, stoppedAt: MONDAY_MORNING, shiftMs: 0 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await clockRoute('GET')).body.data.now).toBe(MONDAY_MORNING)
    expect(cloud.clock.now()).toBe(MONDAY_MORNING)
    const reset = (await clockRoute('POST', {})).body.data
    expect(reset.stoppedAt).toBeUndefined()
    expect(Math.abs(reset.now - Date.now())).toBeLessThan(1000)
  })

  test('POST {shiftMs} runs the clock ahead of (or behind) the wall clock', async () => {
    const { data } = (await clockRoute('POST', { shiftMs: DAY_MS })).body
    expect(data.shiftMs).toBe(DAY_MS)
    expect(data.stoppedAt).toBeUndefined()
    expect(Math.abs(data.now - (Date.now() + DAY_MS))).toBeLessThan(1000)
    expect(Math.abs((await clockRoute('POST', { shiftMs: -DAY_MS })).body.data.now - (Date.now() - DAY_MS))).toBeLessThan(1000)
  })

  test('a value that is not a number is refused with INVALID_INPUT and the clock stays as it was', async () => {
    cloud.clock.set(MONDAY_MORNING)
    for (const body of [{ at: '2026-03-02' }, { at: null }, { shiftMs: 'soon' }]) {
      const res = await clockRoute('POST', body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    }
    expect(cloud.clock.state()).toEqual({ now: MONDAY_MORNING, stoppedAt: MONDAY_MORNING, shiftMs: 0 })
  })
})

describe('an invocation runs at the cloud clock', () => {
  test('stopped: context.localClockAt, db.serverDate() and the new _id are that instant, call after call', async () => {
    await clockRoute('POST', { at: MONDAY_MORNING })
    const first = await invoke()
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const second = await invoke()
    for (const seen of [first, second]) {
      expect(seen.localClockAt).toBe(MONDAY_MORNING)
      expect(seen.serverDate).toBe(MONDAY_MORNING)
      expect(idSecond(seen.id)).toBe(Math.floor(MONDAY_MORNING / 1000))
    }
  })

  test('advanced while stopped: the next invocation sees the new instant', async () => {
    cloud.clock.set(MONDAY_MORNING)
    cloud.clock.advance(DAY_MS)
    const seen = await invoke()
    expect(seen.localClockAt).toBe(MONDAY_MORNING + DAY_MS)
    expect(seen.serverDate).toBe(MONDAY_MORNING + DAY_MS)
  })

  test('shifted: invocations run at the wall clock plus the shift, and time passes', async () => {
    const shift = 30 * DAY_MS
    await clockRoute('POST', { shiftMs: shift })
    const before = Date.now()
    const seen = await invoke()
    const after = Date.now()
    expect(seen.localClockAt).toBeGreaterThanOrEqual(before + shift)
    expect(seen.localClockAt).toBeLessThanOrEqual(after + shift)
    expect(seen.serverDate).toBeGreaterThanOrEqual(seen.localClockAt)
    expect(seen.serverDate).toBeLessThanOrEqual(after + shift)
  })
})
