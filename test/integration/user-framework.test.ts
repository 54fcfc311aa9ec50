/**
 * The function framework (cloudfunctions/_shared) with the real wx-server-sdk against the local cloud, run in this
 * process the way SCF runs a function: identity in process env (WX_CONTEXT_KEYS / WX_OPENID), read by getWXContext.
 * Calls here are sequential, so setting the env per call is exact. Each call gets the local cloud's clock reading in
 * its context, as the runner passes it, so the handlers run at a fixed instant.
 */
import { DomainError, type Result } from '@core/api/result'
import * as s from '@core/schema'
import type * as SharedModule from '../../cloudfunctions/_shared'
import type { Main } from '../../cloudfunctions/_shared'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

type Shared = typeof SharedModule

let cloud: TestCloud
let shared: Shared
let main: Main
/** Invokes the probe as the local cloud's runner would, with the clock's reading in the context. */
const probe = (event: unknown): Promise<Result<unknown>> => main(event, { localClockAt: cloud.clock.now() })

function defineProbe(x: Shared) {
  return x.handlerFor('probe', {
    hello: x.action({
      input: s.object({ name: s.optional(s.string({ label: '名字', min: 1, max: 5 })) }),
      auth: 'public',
      run: (ctx) => Promise.resolve({ openid: ctx.openid, name: ctx.input.name ?? null, now: ctx.now, action: ctx.action })
    }),
    whoami: x.action({
      input: s.object({}),
      auth: 'user',
      run: (ctx) => Promise.resolve({ openid: ctx.openid, userLoaded: ctx.user !== undefined })
    }),
    renameVenue: x.action({
      input: s.object({ venueId: s.string({ label: '服务中心', min: 1 }), name: s.string({ label: '名称', min: 1, max: 20 }) }),
      auth: 'organizer',
      run: async (ctx) => {
        const venue = await x.sharedStore.get('venues', ctx.input.venueId)
        if (!venue) throw new DomainError('NOT_FOUND', '找不到这个服务中心', 'venueId')
        await x.sharedStore.updateDoc('venues', venue._id, { name: ctx.input.name, updatedAt: ctx.now })
        await x.audit(ctx, 'venue.rename', `venues/${venue._id}`, { from: venue.name, to: ctx.input.name })
        return { by: ctx.user.nickname }
      }
    }),
    crash: x.action({
      input: s.object({}),
      auth: 'public',
      run: () => Promise.reject(new Error('boom: a bug in a handler'))
    }),
    crashWithString: x.action({
      input: s.object({}),
      auth: 'public',
      // The SDK itself rejects with bare strings in places (e.g. doc().get() of a missing document).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a bare string is what this case is about
      run: () => Promise.reject('document with _id x does not exist')
    })
  })
}

/** Runs `fn` as a caller with this openid (or none), like the platform sets it for one invocation. */
async function as<T>(openid: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (openid === undefined) {
    delete process.env.WX_CONTEXT_KEYS
    delete process.env.WX_OPENID
  } else {
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID'
    process.env.WX_OPENID = openid
  }
  try {
    return await fn()
  } finally {
    delete process.env.WX_CONTEXT_KEYS
    delete process.env.WX_OPENID
  }
}

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['user'] })
  // Loaded after the cloud is up: like a function bundle, _shared initialises the SDK at module load.
  shared = await import('../../cloudfunctions/_shared')
  main = defineProbe(shared)
})
afterAll(() => cloud.close())

describe('routing', () => {
  it.each([undefined, null, 'login', [], { action: 'nope' }, { action: 42 }, { action: 'toString' }, { action: '__proto__' }, { action: 'constructor' }])(
    'an unknown action (%j) is INVALID_INPUT, never a throw',
    async (event) => {
      await expect(as('demo-rider', () => probe(event))).resolves.toEqual({
        ok: false,
        code: 'INVALID_INPUT',
        message: '未知的操作',
        field: 'action'
      })
    }
  )

  it('strips the action and the platform-injected userInfo before validating', async () => {
    const r = await as('demo-rider', () => probe({ action: 'hello', name: '小王', userInfo: { openId: 'demo-organizer', appId: 'wx0' } }))
    expect(r).toMatchObject({ ok: true, data: { openid: 'demo-rider', name: '小王', action: 'hello' } })
  })

  it('rejects unknown keys and invalid input with the field', async () => {
    expect(await as('demo-rider', () => probe({ action: 'hello', openid: 'demo-organizer' }))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '不支持的字段：openid',
      field: 'openid'
    })
    expect(await as('demo-rider', () => probe({ action: 'hello', name: '一二三四五六' }))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '名字最多5个字',
      field: 'name'
    })
  })

  it('refuses a __proto__ key anywhere, which an assignment would have swallowed as a prototype', async () => {
    for (const [json, field] of [
      ['{"action":"hello","name":"小王","__proto__":{"roles":["admin"]}}', '__proto__'],
      ['{"action":"hello","name":"小王","userInfo":{"__proto__":{"openId":"demo-admin"}}}', 'userInfo.__proto__'],
      ['{"action":"hello","list":[{"a":{"__proto__":null}}]}', 'list.0.a.__proto__']
    ] as const) {
      // JSON.parse makes `__proto__` an own key, as the HTTP layer and the platform do.
      expect(await as('demo-rider', () => probe(JSON.parse(json)))).toEqual({ ok: false, code: 'INVALID_INPUT', message: '不支持的字段：__proto__', field })
    }
  })

  it('refuses nesting deeper than any input before a schema walks it; as deep as allowed, the schema answers', async () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'x' : { a: nested(levels - 1) })
    const tooDeep = await as('demo-rider', () => probe({ action: 'hello', name: nested(shared.MAX_EVENT_DEPTH) }))
    expect(tooDeep).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '输入的内容层级太深' })
    const deepest = await as('demo-rider', () => probe({ action: 'hello', name: nested(shared.MAX_EVENT_DEPTH - 1) }))
    expect(deepest).toEqual({ ok: false, code: 'INVALID_INPUT', message: '名字必须是文字', field: 'name' })
  })

  it('gives the handler the instant the invocation runs at: the local clock from the context, else the wall clock', async () => {
    expect(await as(undefined, () => probe({ action: 'hello' }))).toMatchObject({ ok: true, data: { now: WEDNESDAY_10_00 } })
    // On CloudBase the context has no local clock: the reading is the wall clock's.
    const before = Date.now()
    const r = await as(undefined, () => main({ action: 'hello' }, {}))
    const now = r.ok ? (r.data as { now: number }).now : NaN
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})

describe('identity and authorisation', () => {
  it('public actions run without an OPENID and see null', async () => {
    expect(await as(undefined, () => probe({ action: 'hello' }))).toMatchObject({ ok: true, data: { openid: null, name: null } })
  })

  it('user actions need an OPENID and do not load the user document', async () => {
    expect(await as(undefined, () => probe({ action: 'whoami' }))).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: '请先登录' })
    expect(await as('', () => probe({ action: 'whoami' }))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(await as('demo-rider', () => probe({ action: 'whoami' }))).toEqual({
      ok: true,
      data: { openid: 'demo-rider', userLoaded: false }
    })
  })

  it('validation comes before identity: a bad payload is INVALID_INPUT even without an OPENID', async () => {
    expect(await as(undefined, () => probe({ action: 'whoami', x: 1 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'x' })
  })

  it('organizer actions refuse ordinary users, unknown users and anonymous callers, changing nothing', async () => {
    const event = { action: 'renameVenue', venueId: 'venue-youlin', name: '改名' }
    expect(await as('demo-rider', () => probe(event))).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '只有服务中心的组织者可以这样做'
    })
    expect(await as('someone-new', () => probe(event))).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await as(undefined, () => probe(event))).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect(cloud.db.find('venues', { _id: 'venue-youlin' })[0].name).toBe('友邻空间')
    expect(cloud.db.count('audit')).toBe(0)
  })

  it('an organizer acts with their user document loaded, and the write is audited', async () => {
    const r = await as('demo-organizer', () => probe({ action: 'renameVenue', venueId: 'venue-lanmu', name: '岚沐文创园服务中心' }))
    expect(r).toEqual({ ok: true, data: { by: '友邻空间小马' } })
    expect(cloud.db.find('venues', { _id: 'venue-lanmu' })[0].name).toBe('岚沐文创园服务中心')
    const entries = cloud.db.find('audit', { target: 'venues/venue-lanmu' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actor: 'demo-organizer',
      fn: 'probe',
      action: 'venue.rename',
      detail: { from: '岚沐文创园', to: '岚沐文创园服务中心' }
    })
    expect(entries[0].createdAt).toBe(WEDNESDAY_10_00)
  })

  it('a DomainError becomes a Fail with its field', async () => {
    expect(await as('demo-organizer', () => probe({ action: 'renameVenue', venueId: 'venue-none', name: '新名' }))).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '找不到这个服务中心',
      field: 'venueId'
    })
  })
})

describe('failures', () => {
  let logged: unknown[][]
  let spy: jest.SpyInstance
  beforeEach(() => {
    logged = []
    spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args)
    })
  })
  afterEach(() => spy.mockRestore())

  it('an unexpected error is INTERNAL for the user, with the stack in the log', async () => {
    expect(await as('demo-rider', () => probe({ action: 'crash' }))).toEqual({
      ok: false,
      code: 'INTERNAL',
      message: '服务开小差了，请稍后再试'
    })
    expect(logged).toHaveLength(1)
    expect(String(logged[0][0])).toContain('[probe.crash]')
    expect(String(logged[0][1])).toMatch(/boom: a bug in a handler\n\s+at /)
  })

  it('a thrown non-Error is INTERNAL too', async () => {
    expect(await as(undefined, () => probe({ action: 'crashWithString' }))).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(logged[0][1]).toBe('document with _id x does not exist')
  })
})

describe('database helpers', () => {
  it('getDoc answers null for a missing document, the document otherwise', async () => {
    expect(await shared.sharedStore.get('users', 'nobody-here')).toBeNull()
    expect(await shared.sharedStore.get('users', 'demo-rider')).toMatchObject({ _id: 'demo-rider', group: 'rider' })
  })

  it('insertDoc keeps a given _id, and a second insert is recognised as a duplicate', async () => {
    const doc = { _id: 'dup-test', actor: 'x', fn: 't', action: 'a', target: 't/1', detail: {}, createdAt: 1 }
    expect(await shared.sharedStore.insert('audit', doc)).toBe('dup-test')
    const err = await shared.sharedStore.insert('audit', doc).then(
      () => null,
      (e: unknown) => e
    )
    expect(err).not.toBeNull()
    expect(shared.isDuplicateKeyError(err)).toBe(true)
  })

  it('other database errors are not mistaken for duplicates', async () => {
    const adding = shared.db.collection('no_such_collection').add({ data: { a: 1 } }) as Promise<unknown>
    const err = await adding.then(
      () => null,
      (e: unknown) => e
    )
    expect(err).not.toBeNull()
    expect(shared.isDuplicateKeyError(err)).toBe(false)
    expect(shared.isDuplicateKeyError(null)).toBe(false)
    expect(shared.isDuplicateKeyError('E11000')).toBe(false)
  })
})
