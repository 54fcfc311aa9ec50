/**
 * The local cloud's identity door (emulator/session.ts): `x-wx-openid` is trusted only while the cloud listens on
 * loopback alone; beyond it, the header is refused unless a signing secret makes callers present signed session
 * tokens. Bad, forged and expired tokens are a 401 with a structured error and the function never runs. The doors that
 * bypass functions (/admin, /triggers, /_cloud/*) answer only to this machine.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import { signSession } from '../../emulator'
import { createRequestHandler, type ServerDeps } from '../../emulator/server'
import { identityDoor, verifySession } from '../../emulator/session'
import { startTestCloud, type TestCloud } from '../support/cloud'

const SECRET = 'test-session-secret-0123456789abcdef'

/** fx-whoami's answer, or the local cloud's error envelope. */
interface WhoamiBody {
  ok?: boolean
  code?: string
  message?: string
  context?: { OPENID?: string }
}

async function whoami(cloud: TestCloud, headers: Record<string, string>) {
  const res = await cloud.request('POST', '/functions/fx-whoami', { body: '{}', headers: { 'content-type': 'application/json', ...headers } })
  const body = JSON.parse(res.body.toString('utf8')) as WhoamiBody
  return { status: res.status, body, ran: res.headers['x-cloud-db-ops'] !== undefined }
}

/** Why a token was not accepted, or undefined when it was. */
function problemOf(verdict: ReturnType<typeof verifySession>): string | undefined {
  return 'problem' in verdict ? verdict.problem : undefined
}

describe('session tokens', () => {
  const now = Date.UTC(2026, 10, 30, 8)

  test('a token vouches for its openid until it expires', () => {
    const token = signSession(SECRET, 'demo-rider', now + 60_000)
    expect(verifySession(SECRET, token, now)).toEqual({ openid: 'demo-rider' })
    expect(problemOf(verifySession(SECRET, token, now + 60_000))).toMatch(/过期/)
  })

  test('another secret, an edited openid or expiry, or a malformed token vouch for nobody', () => {
    const token = signSession(SECRET, 'demo-rider', now + 60_000)
    expect(problemOf(verifySession('another-secret-0123456789abcdef0123', token, now))).toMatch(/签名/)
    expect(problemOf(verifySession(SECRET, token.replace('demo-rider', 'demo-admin'), now))).toMatch(/签名/)
    expect(problemOf(verifySession(SECRET, token.replace(String(now + 60_000), String(now + 6e9)), now))).toMatch(/签名/)
    for (const bad of ['', 'v1.demo-rider', 'v2.demo-rider.1.x', `v1.demo rider.${now + 1}.x`, `${token}.extra`]) {
      expect(problemOf(verifySession(SECRET, bad, now))).toMatch(/格式/)
    }
  })

  test('a short secret is refused at start-up', () => {
    expect(() => identityDoor('127.0.0.1', 'short')).toThrow(/at least 32/)
  })

  test('the door follows the address and the secret', () => {
    expect(identityDoor('127.0.0.1', undefined).kind).toBe('header')
    expect(identityDoor('localhost', undefined).kind).toBe('header')
    expect(identityDoor('::1', undefined).kind).toBe('header')
    expect(identityDoor('0.0.0.0', undefined).kind).toBe('closed')
    expect(identityDoor('::', undefined).kind).toBe('closed')
    expect(identityDoor('192.168.1.5', undefined).kind).toBe('closed')
    expect(identityDoor('127.0.0.1', SECRET).kind).toBe('signed')
    expect(identityDoor('0.0.0.0', SECRET).kind).toBe('signed')
  })
})

describe('bound beyond loopback without a secret', () => {
  let cloud: TestCloud
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: ['fx-whoami'], doors: { host: '0.0.0.0' } })
  })
  afterAll(() => cloud.close())

  test('start-up says why x-wx-openid is refused', () => {
    expect(cloud.cloud.identityDoor).toBe('closed')
    expect(cloud.logs.join('\n')).toMatch(/0\.0\.0\.0.*不接受 x-wx-openid.*冒充/)
  })

  test('a call claiming an identity is refused with 401 and the function does not run', async () => {
    const res = await whoami(cloud, { 'x-wx-openid': 'demo-admin' })
    expect(res).toMatchObject({ status: 401, ran: false, body: { ok: false, code: 'UNAUTHENTICATED' } })
    expect(res.body.message).toMatch(/不接受/)
  })

  test('a call without identity runs without OPENID', async () => {
    const res = await whoami(cloud, {})
    expect(res.status).toBe(200)
    expect(res.body.context?.OPENID).toBeUndefined()
  })

  test('an upload claiming an identity is refused and nothing is stored', async () => {
    const res = await cloud.request('PUT', '/storage/files/photos/x.jpg', { body: 'jpeg', headers: { 'x-wx-openid': 'demo-rider' } })
    expect(res.status).toBe(401)
    expect(cloud.db.find('files', {})).toEqual([])
  })
})

describe('with a signing secret', () => {
  let cloud: TestCloud
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: ['fx-whoami'], doors: { host: '0.0.0.0', sessionSecret: SECRET } })
  })
  afterAll(() => cloud.close())

  test('start-up says H5 callers need a signed session', () => {
    expect(cloud.cloud.identityDoor).toBe('signed')
    expect(cloud.logs.join('\n')).toMatch(/x-cloud-session/)
  })

  test('a signed session token becomes OPENID, whatever x-wx-openid claims beside it', async () => {
    const token = cloud.cloud.signSession?.('demo-rider') ?? ''
    const res = await whoami(cloud, { 'x-cloud-session': token, 'x-wx-openid': 'demo-admin' })
    expect(res.status).toBe(200)
    expect(res.body.context?.OPENID).toBe('demo-rider')
  })

  test('x-wx-openid alone is refused', async () => {
    expect(await whoami(cloud, { 'x-wx-openid': 'demo-admin' })).toMatchObject({ status: 401, ran: false, body: { ok: false, code: 'UNAUTHENTICATED' } })
  })

  test('forged, edited, expired and malformed tokens are refused with 401 and the function does not run', async () => {
    const good = signSession(SECRET, 'demo-rider', Date.now() + 60_000)
    const tokens = [
      signSession('a-different-secret-0123456789abcdef', 'demo-admin', Date.now() + 60_000),
      good.replace('demo-rider', 'demo-admin'),
      signSession(SECRET, 'demo-rider', Date.now() - 1000),
      'not-a-token'
    ]
    for (const token of tokens) {
      const res = await whoami(cloud, { 'x-cloud-session': token })
      expect(res).toMatchObject({ status: 401, ran: false, body: { ok: false, code: 'UNAUTHENTICATED' } })
    }
  })

  test('without any identity header the call runs without OPENID', async () => {
    const res = await whoami(cloud, {})
    expect(res.status).toBe(200)
    expect(res.body.context?.OPENID).toBeUndefined()
  })

  test('CORS lets the browser send the session header', async () => {
    const preflight = await cloud.request('OPTIONS', '/functions/fx-whoami', { headers: { 'access-control-request-headers': 'x-cloud-session' } })
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-cloud-session')
  })
})

describe('the doors that bypass functions answer only to this machine', () => {
  // The handler alone, behind a server that makes every connection look as if it came from `peer`.
  async function serveAs(peer: string, deps: Partial<ServerDeps>) {
    const handler = createRequestHandler({ identity: identityDoor('0.0.0.0', undefined), bodyTimeoutMs: 5000, log: () => undefined, ...deps } as ServerDeps)
    const server = http.createServer((req, res) => {
      Object.defineProperty(req.socket, 'remoteAddress', { value: peer, configurable: true })
      handler(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    const post = (path: string, body: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', body }).then(async (r) => ({ status: r.status, body: (await r.json()) as WhoamiBody }))
    return { post, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  }

  test('another machine gets 403 from /_cloud/seed, /_cloud/clock, /triggers and /admin, and nothing runs', async () => {
    const seed = jest.fn(() => ({ seeded: true, counts: {} }))
    const server = await serveAs('192.168.1.20', { seed, isClosing: () => false })
    try {
      for (const path of ['/_cloud/seed', '/_cloud/clock', '/triggers/courseTimer/everyMinute', '/admin']) {
        const res = await server.post(path, '{"reset":true}')
        expect(res).toMatchObject({ status: 403, body: { ok: false, code: 'FORBIDDEN' } })
      }
      expect(seed).not.toHaveBeenCalled()
    } finally {
      await server.close()
    }
  })

  test('this machine reaches them', async () => {
    const seed = jest.fn(() => ({ seeded: true, counts: {} }))
    const server = await serveAs('127.0.0.1', { seed, isClosing: () => false })
    try {
      expect(await server.post('/_cloud/seed', '{"reset":true}')).toMatchObject({ status: 200, body: { ok: true } })
      expect(seed).toHaveBeenCalledWith(true)
    } finally {
      await server.close()
    }
  })
})
