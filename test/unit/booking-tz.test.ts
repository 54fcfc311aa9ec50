import path from 'path'
import { bookingTable } from './support/booking-table'
import { TEST_ZONES, tableUnderTimeZones, type ZoneRun } from './support/tz'

describe('booking rules are independent of the process time zone', () => {
  let runs: Map<string, ZoneRun>

  beforeAll(async () => {
    runs = await tableUnderTimeZones(path.join(__dirname, 'support', 'booking-table.ts'), 'bookingTable')
  })

  it.each(TEST_ZONES)('recurrence, windows, quotas, filters, codes and draws are identical with TZ=%s', (tz) => {
    const run = runs.get(tz)!
    expect(run.stderr).toBe('')
    expect(run.tz).toBe(tz)
    expect(run.table).toEqual(JSON.parse(JSON.stringify(bookingTable())))
  })

  it('the fixture covers sessions on the previous UTC day and late Sunday evenings', () => {
    const { sessions } = bookingTable() as { sessions: { _id: string; startAt: number }[] }
    const early = sessions.find((s) => s._id === 'c0-202512010730')!
    expect(new Date(early.startAt).toISOString()).toBe('2025-11-30T23:30:00.000Z')
    const sunday = sessions.find((s) => s._id === 'c1-202603292330')!
    expect(new Date(sunday.startAt).toISOString()).toBe('2026-03-29T15:30:00.000Z')
  })
})
