/**
 * Cloud calls (云调用) from functions, through the real wx-server-sdk `cloud.openapi.*` (protobuf over the admin API):
 * - subscribeMessage.send (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html)
 * - security.msgSecCheck v1/v2 (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html)
 * - wxacode.getUnlimited (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html)
 * - config.json `permissions.openapi` (云调用 → 云函数中使用: "需在 config.json 中配置 openapi 权限");
 *   undeclared → -604101 "function has no permission to call this API", unknown → -604100 "API not found".
 */
import { PNG } from 'pngjs'
import { startTestCloud, type TestCloud } from '../support/cloud'

let cloud: TestCloud
const call = (api: string, params: Record<string, unknown>) => cloud.callUntyped('fx-openapi', { api, params }, 'demo-organizer').then((r) => r.body)

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['fx-openapi', 'fx-noperm'] })
})

afterAll(() => cloud.close())

test('subscribeMessage.send answers like WeChat and lands in the outbox', async () => {
  const data = { thing1: { value: '陶艺体验课' }, time2: { value: '2025-03-12 19:30' } }
  const res = await call('subscribeMessage.send', { touser: 'demo-rider', templateId: 'TPL_BOOKED', page: 'pages/courses/index', data, miniprogramState: 'developer' })
  expect(res).toEqual({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })
  const [sent] = cloud.db.find('outbox', { touser: 'demo-rider', templateId: 'TPL_BOOKED' })
  expect(sent).toMatchObject({ type: 'subscribeMessage', page: 'pages/courses/index', data, miniprogramState: 'developer', status: 'sent' })
  expect(typeof sent.sentAt).toBe('number')
  expect(sent.createdAt).toBe(sent.sentAt)
})

test('the outbox records a message at the cloud clock’s instant', async () => {
  const monday = Date.parse('2026-03-02T09:30:00+08:00')
  cloud.clock.set(monday)
  try {
    await call('subscribeMessage.send', { touser: 'demo-courier', templateId: 'TPL_CLOCK', data: { thing1: { value: '书法' } } })
    expect(cloud.db.find('outbox', { templateId: 'TPL_CLOCK' })).toEqual([expect.objectContaining({ sentAt: monday, createdAt: monday })])
  } finally {
    cloud.clock.reset()
  }
})

test('subscribeMessage.send with a missing template or an empty value fails with WeChat’s errcode', async () => {
  expect(await call('subscribeMessage.send', { touser: 'demo-rider', data: { thing1: { value: 'x' } } })).toMatchObject({ thrown: true, errCode: 40037 })
  expect(await call('subscribeMessage.send', { touser: 'demo-rider', templateId: 'T', data: { thing1: { value: '' } } })).toMatchObject({ thrown: true, errCode: 47003 })
  expect(cloud.db.count('outbox', { templateId: 'T' })).toBe(0)
})

test('msgSecCheck v2: a listed word is risky (with its label), ordinary text passes', async () => {
  const risky = await call('security.msgSecCheck', { content: '低价代开发票，联系我', version: 2, scene: 2, openid: 'demo-rider' })
  expect(risky).toMatchObject({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok', result: { suggest: 'risky', label: 20006 } })
  expect(risky.detail.some((d: { strategy: string; keyword?: string }) => d.strategy === 'keyword' && d.keyword === '代开发票')).toBe(true)
  expect(typeof risky.traceId).toBe('string')
  const pass = await call('security.msgSecCheck', { content: '周末一起去友邻空间上书法课', version: 2, scene: 1, openid: 'demo-rider' })
  expect(pass.result).toEqual({ suggest: 'pass', label: 100 })
})

test('msgSecCheck v2 needs openid and a valid scene; v1 answers 87014 for risky content', async () => {
  expect(await call('security.msgSecCheck', { content: '你好', version: 2, scene: 2 })).toMatchObject({ thrown: true, errCode: 40003 })
  expect(await call('security.msgSecCheck', { content: '你好', version: 2, scene: 9, openid: 'demo-rider' })).toMatchObject({ thrown: true, errCode: 40129 })
  expect(await call('security.msgSecCheck', { content: '出售冰毒' })).toMatchObject({ thrown: true, errCode: 87014 })
  expect(await call('security.msgSecCheck', { content: '你好' })).toEqual({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok' })
})

test('wxacode.getUnlimited returns a PNG of the requested width', async () => {
  const res = await call('wxacode.getUnlimited', { scene: 'session=s1', page: 'pages/index/index', width: 320, checkPath: false })
  expect(res).toMatchObject({ errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png' })
  const png = Buffer.from(res.base64, 'base64')
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  expect(png.toString('ascii', 12, 16)).toBe('IHDR')
  expect(png.readUInt32BE(16)).toBe(320)
  expect(png.readUInt32BE(20)).toBe(320)
  // Decode the pixels: the quiet zone is light, the top-left finder pattern's outer ring and centre are dark.
  const image = PNG.sync.read(png)
  expect([image.width, image.height]).toEqual([320, 320])
  const dark = (x: number, y: number) => image.data[(y * 320 + x) * 4] < 128
  // The quiet zone is 2 modules wide, so the first dark pixel on the diagonal gives the module size.
  let edge = 0
  while (!dark(edge, edge)) edge++
  const modulePx = edge / 2
  const at = (mx: number, my: number) => dark(Math.floor((mx + 2.5) * modulePx), Math.floor((my + 2.5) * modulePx))
  expect(modulePx).toBeGreaterThan(5)
  expect([at(0, 0), at(6, 0), at(0, 6), at(6, 6), at(3, 3)]).toEqual([true, true, true, true, true])
  expect([at(1, 1), at(5, 5), at(1, 5), at(7, 7)]).toEqual([false, false, false, false])
  const otherScene = await call('wxacode.getUnlimited', { scene: 'session=s2', page: 'pages/index/index', width: 320 })
  expect(otherScene.base64).not.toBe(res.base64)
})

test('wxacode.getUnlimited refuses a scene over 32 characters', async () => {
  expect(await call('wxacode.getUnlimited', { scene: 'x'.repeat(33) })).toMatchObject({ thrown: true, errCode: 40169 })
})

test('an API not declared in config.json fails with -604101; an unknown API with -604100', async () => {
  const denied = (await cloud.callUntyped('fx-noperm', {}, 'demo-organizer')).body
  expect(denied).toMatchObject({ thrown: true, errCode: -604101 })
  expect(cloud.db.count('outbox', { templateId: 'tpl' })).toBe(0)
  expect(await call('nosuch.api', {})).toMatchObject({ thrown: true, errCode: -604100 })
})

test('cloud calls from outside a function are refused (-604104)', async () => {
  await expect(cloud.sdk().openapi.security.msgSecCheck({ content: '你好' })).rejects.toMatchObject({ errCode: -604104 })
})
