import { createHash, createHmac } from 'crypto'
import {
  checkinAction,
  checkinCode,
  checkinCodeInfo,
  checkinOpensLabel,
  checkinPayload,
  checkinPhase,
  checkinWindow,
  hmacSha256,
  noSeatAtDoor,
  parseCheckinPayload,
  seatsToRelease,
  sha256,
  toHex,
  verifyCheckinCode
} from '@core/booking'
import { atWallClock, DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const SECRET = '3f9a1c0d5e7b2a64'
const session = { _id: 'yoga-202512021900', startAt: START, status: 'scheduled' as const }

describe('SHA-256 and HMAC-SHA256 of text (UTF-8 encoded here, hashed by @noble/hashes)', () => {
  it('matches the FIPS 180-2 and RFC 4231 test vectors', () => {
    expect(toHex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(toHex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
    )
    expect(toHex(hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
    )
  })

  it('agrees with Node’s crypto across block boundaries, long keys and non-ASCII text', () => {
    const texts = ['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'b'.repeat(1000), '友邻空间·书法课 🎉', 'x\ud800y']
    for (const t of texts) {
      expect(toHex(sha256(t))).toBe(createHash('sha256').update(t).digest('hex'))
      expect(toHex(hmacSha256('k'.repeat(100), t))).toBe(createHmac('sha256', 'k'.repeat(100)).update(t).digest('hex'))
    }
  })
})

describe('rotating check-in code', () => {
  it('is 6 digits, HOTP-style over the session id and the minute', () => {
    const now = START - 5 * MINUTE_MS
    const code = checkinCode(SECRET, session._id, now)
    expect(code).toMatch(/^\d{6}$/)
    const mac = createHmac('sha256', SECRET).update(`${session._id}:${Math.floor(now / 60000)}`).digest()
    const o = mac[31] & 0x0f
    const bin = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3]
    expect(code).toBe(String(bin % 1_000_000).padStart(6, '0'))
  })

  it('stays the same within a minute and changes at the next', () => {
    const minute = Math.floor((START - 5 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS
    const code = checkinCode(SECRET, session._id, minute)
    expect(checkinCode(SECRET, session._id, minute + 59_999)).toBe(code)
    const next = Array.from({ length: 5 }, (_, i) => checkinCode(SECRET, session._id, minute + (i + 1) * MINUTE_MS))
    expect(next).not.toContain(code)
    expect(checkinCodeInfo(SECRET, session._id, minute + 30_000)).toEqual({
      code,
      refreshAt: minute + MINUTE_MS,
      validUntil: minute + 2 * MINUTE_MS
    })
  })

  it('differs between sessions and between secrets', () => {
    const now = START
    expect(checkinCode(SECRET, 'yoga-202512041900', now)).not.toBe(checkinCode(SECRET, session._id, now))
    expect(checkinCode('another-secret', session._id, now)).not.toBe(checkinCode(SECRET, session._id, now))
  })

  it('accepts the current and the previous minute’s code, not older ones', () => {
    const now = START + 30_000
    const current = checkinCode(SECRET, session._id, now)
    const previous = checkinCode(SECRET, session._id, now - MINUTE_MS)
    const older = checkinCode(SECRET, session._id, now - 2 * MINUTE_MS)
    expect(verifyCheckinCode(SECRET, session, current, now)).toEqual({ ok: true })
    expect(verifyCheckinCode(SECRET, session, ` ${previous} `, now)).toEqual({ ok: true })
    expect(verifyCheckinCode(SECRET, session, older, now)).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '签到码不对或已过期，请看现场屏幕上最新的签到码',
      field: 'code'
    })
    expect(verifyCheckinCode(SECRET, session, 'abcdef', now)).toMatchObject({ ok: false, field: 'code' })
  })

  it('works only from 15 minutes before to 15 minutes after the start', () => {
    const { opensAt, closesAt } = checkinWindow(START)
    expect([opensAt, closesAt]).toEqual([START - 15 * MINUTE_MS, START + 15 * MINUTE_MS])
    const at = (now: number) => verifyCheckinCode(SECRET, session, checkinCode(SECRET, session._id, now), now)
    expect(at(opensAt - 1)).toEqual({ ok: false, code: 'CHECKIN_CLOSED', message: '签到还没开始，今天 18:45 起可以签到（开课前15分钟）' })
    expect(at(START - DAY_MS)).toMatchObject({ message: '签到还没开始，明天 18:45 起可以签到（开课前15分钟）' })
    expect(at(opensAt)).toEqual({ ok: true })
    expect(at(closesAt - 1)).toEqual({ ok: true })
    expect(at(closesAt)).toEqual({ ok: false, code: 'CHECKIN_CLOSED', message: '签到已结束（开课后15分钟内有效）' })
  })

  it('has a phase the screen, the code and the check-in agree on: no code before the window or after it', () => {
    const { opensAt, closesAt } = checkinWindow(START)
    expect([opensAt - 1, opensAt, closesAt - 1, closesAt].map((now) => checkinPhase(session, now))).toEqual(['not-yet', 'open', 'open', 'over'])
    expect(checkinPhase({ ...session, status: 'cancelled' }, opensAt)).toBe('cancelled')
    expect(checkinOpensLabel(START, START - 3 * DAY_MS)).toBe('12月2日 周二 18:45')
    expect(checkinOpensLabel(START, START - HOUR_MS)).toBe('今天 18:45')
  })

  it('is closed for a cancelled session', () => {
    const code = checkinCode(SECRET, session._id, START)
    expect(verifyCheckinCode(SECRET, { ...session, status: 'cancelled' }, code, START)).toEqual({
      ok: false,
      code: 'CHECKIN_CLOSED',
      message: '这节课已取消'
    })
  })

  it('travels in a QR payload that only our scanner accepts', () => {
    const payload = checkinPayload(session._id, '012345')
    expect(parseCheckinPayload(payload)).toEqual({ sessionId: session._id, code: '012345' })
    expect(parseCheckinPayload(`  ${payload}\n`)).toEqual({ sessionId: session._id, code: '012345' })
    expect(parseCheckinPayload('https://example.com/?c=012345')).toBeNull()
    expect(parseCheckinPayload('youlin-checkin:1:bad id:012345')).toBeNull()
    expect(parseCheckinPayload('youlin-checkin:1:yoga:12345')).toBeNull()
  })
})

describe('what a check-in does', () => {
  it('attends with a seat, is idempotent, and otherwise needs a free seat', () => {
    expect(checkinAction({ status: 'confirmed' })).toBe('attend')
    expect(checkinAction({ status: 'held' })).toBe('attend')
    expect(checkinAction({ status: 'attended' })).toBe('already')
    expect(checkinAction({ status: 'waitlisted' })).toBe('take-seat')
    expect(checkinAction({ status: 'no_show' })).toBe('take-seat')
    expect(checkinAction({ status: 'cancelled' })).toBe('take-seat')
    expect(checkinAction(null)).toBe('take-seat')
    expect(noSeatAtDoor()).toMatchObject({ code: 'CONFLICT', message: '现场名额已满，请向工作人员询问是否还能加座' })
  })
})

describe('releasing unclaimed seats at start + 10 min', () => {
  const bookings = [
    { _id: 'a', status: 'confirmed' as const },
    { _id: 'b', status: 'confirmed' as const, checkedInAt: START - MINUTE_MS },
    { _id: 'c', status: 'attended' as const, checkedInAt: START },
    { _id: 'd', status: 'waitlisted' as const },
    { _id: 'e', status: 'confirmed' as const }
  ]

  it('releases nothing before start + 10 min', () => {
    expect(seatsToRelease(session, bookings, START + 10 * MINUTE_MS - 1)).toEqual([])
  })

  it('then releases confirmed seats nobody checked in to', () => {
    expect(seatsToRelease(session, bookings, START + 10 * MINUTE_MS).map((b) => b._id)).toEqual(['a', 'e'])
  })

  it('never for a cancelled session', () => {
    expect(seatsToRelease({ ...session, status: 'cancelled' }, bookings, START + HOUR_MS)).toEqual([])
  })
})
