/**
 * The HTTP contract of the local cloud (DESIGN.md §3 ⚑) and the identity rule of WeChat cloud functions:
 * "Cloud.getWXContext — OPENID: 小程序用户 openid, 小程序端调用云函数时有"
 * (https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-sdk-api/utils/Cloud.getWXContext.html).
 * A call without `x-wx-openid` is a caller without OPENID; concurrent calls must each see their own.
 */
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['user', 'fx-whoami', 'fx-dbops', 'fx-throws'] })
})

afterAll(() => cloud.close())

test('GET /healthz answers {"ok":true}', async () => {
  const res = await cloud.request('GET', '/healthz')
  expect(res.status).toBe(200)
  expect(JSON.parse(res.body.toString())).toEqual({ ok: true })
})

test('x-wx-openid becomes OPENID (with APPID), ENV is local and SOURCE wx_client', async () => {
  const { status, body } = await cloud.callUntyped('fx-whoami', { tag: 't' }, 'demo-rider')
  expect(status).toBe(200)
  expect(body.tag).toBe('t')
  expect(body.context).toMatchObject({ OPENID: 'demo-rider', ENV: 'local', SOURCE: 'wx_client' })
  expect(body.context.APPID).toMatch(/^wx[0-9a-f]{16}$/)
})

test('without x-wx-openid the function sees no OPENID and no APPID', async () => {
  const { status, body } = await cloud.callUntyped('fx-whoami', {})
  expect(status).toBe(200)
  expect(body.context.OPENID).toBeUndefined()
  expect(body.context.APPID).toBeUndefined()
  expect(body.context.SOURCE).toBe('wx_client')
})

test('user.login: demo-rider logs in; a caller without openid is UNAUTHENTICATED', async () => {
  const withId = await cloud.call('user', 'login', {}, 'demo-rider')
  expect(withId.status).toBe(200)
  expect(withId.body).toMatchObject({ ok: true, data: { openid: 'demo-rider' } })
  const without = await cloud.call('user', 'login', {})
  expect(without.status).toBe(200)
  expect(without.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
})

test('300 concurrent invocations with distinct openids each see only their own identity', async () => {
  const ids = Array.from({ length: 300 }, (_, i) => `concurrent-${i}`)
  const results = await Promise.all(ids.map((id) => cloud.callUntyped('fx-whoami', { tag: id, maxDelayMs: 30 }, id)))
  for (const [i, { status, body }] of results.entries()) {
    expect(status).toBe(200)
    expect(body.tag).toBe(ids[i])
    expect(body.before.OPENID).toBe(ids[i])
    expect(body.context.OPENID).toBe(ids[i])
  }
})

test('300 concurrent user.login calls each get their own openid back', async () => {
  const ids = Array.from({ length: 300 }, (_, i) => `login-${i}`)
  const results = await Promise.all(ids.map((id) => cloud.call('user', 'login', {}, id)))
  expect(results.map((r) => (r.body.ok ? r.body.data.openid : r.body.code))).toEqual(ids)
})

test('x-cloud-db-ops counts the database requests of exactly that invocation', async () => {
  const [a, b] = await Promise.all([cloud.callUntyped('fx-dbops', { marker: 'a' }, 'u1'), cloud.callUntyped('fx-dbops', { marker: 'b' }, 'u2')])
  expect(a.status).toBe(200)
  expect(a.body).toMatchObject({ marker: 'a', total: 1 })
  expect(a.dbOps).toBe(3)
  expect(b.dbOps).toBe(3)
  const none = await cloud.callUntyped('fx-whoami', {}, 'u1')
  expect(none.dbOps).toBe(0)
})

test('an unknown function is 404 with a JSON error', async () => {
  const { status, body } = await cloud.callUntyped('no-such-function', {})
  expect(status).toBe(404)
  expect(body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
})

test('a function that throws is reported as 500 INTERNAL and logged with its stack', async () => {
  const { status, body } = await cloud.callUntyped('fx-throws', { message: 'kaputt' }, 'u1')
  expect(status).toBe(500)
  expect(body).toEqual({ ok: false, code: 'INTERNAL', message: 'kaputt' })
  expect(cloud.logs.some((l) => l.includes('fx-throws') && l.includes('kaputt') && l.includes('at main'))).toBe(true)
})

test('a body that is not a JSON object is refused with INVALID_INPUT', async () => {
  const notJson = await cloud.request('POST', '/functions/fx-whoami', { body: '{nope', headers: { 'content-type': 'application/json' } })
  expect(notJson.status).toBe(400)
  expect(JSON.parse(notJson.body.toString())).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  const array = await cloud.request('POST', '/functions/fx-whoami', { body: '[1]', headers: { 'content-type': 'application/json' } })
  expect(array.status).toBe(400)
})

test('a malformed x-wx-openid is refused', async () => {
  const res = await cloud.request('POST', '/functions/fx-whoami', { body: '{}', headers: { 'x-wx-openid': 'a b<script>' } })
  expect(res.status).toBe(400)
})

test('CORS: the H5 dev server may call functions and read x-cloud-db-ops', async () => {
  const preflight = await cloud.request('OPTIONS', '/functions/user', {
    headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-wx-openid' }
  })
  expect(preflight.status).toBe(204)
  expect(preflight.headers['access-control-allow-origin']).toBe('*')
  expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-wx-openid')
  const res = await cloud.request('POST', '/functions/fx-whoami', { body: '{}', headers: { origin: 'http://127.0.0.1:10086' } })
  expect(res.headers['access-control-allow-origin']).toBe('*')
  expect(res.headers['access-control-expose-headers']).toContain('x-cloud-db-ops')
})
