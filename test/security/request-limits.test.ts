/**
 * Request size and time limits at the local cloud's HTTP layer (emulator/server.ts). A function event over 6 MB —
 * CloudBase's own limit for a function request body (EXCEED_MAX_PAYLOAD_SIZE) — is a 413 with a structured error and
 * never reaches the function; a body declared far larger is refused before a byte of it is read; a body that stalls or
 * trickles past the deadline is a 408 and the connection is closed.
 */
import net from 'net'
import { EVENT_BODY_LIMIT } from '../../emulator/server'
import { startTestCloud, type TestCloud } from '../support/cloud'

/** Short enough for a quick test, used only by the cloud of the deadline tests: big bodies elsewhere get the default. */
const BODY_DEADLINE_MS = 400

let cloud: TestCloud

interface RawAnswer {
  status: number
  body: { ok?: boolean; code?: string; message?: string }
}

/**
 * Sends a request head by hand, then lets `feed` write (or withhold) the body; resolves with the answer once the
 * server closes the connection.
 */
function rawRequest(head: string, feed: (socket: net.Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(cloud.cloud.port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const body = text.slice(text.indexOf('\r\n\r\n') + 4)
      resolve({ status, body: body ? (JSON.parse(body) as RawAnswer['body']) : {} })
    })
    socket.write(head)
    feed(socket)
  })
}

const head = (headers: string) =>
  `POST /functions/fx-whoami HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\n${headers}\r\n`

describe('size', () => {
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: ['fx-whoami'] })
  })
  afterAll(() => cloud.close())

  test('an event just under 6 MB reaches the function', async () => {
    const tag = 'x'.repeat(EVENT_BODY_LIMIT - 100)
    const res = await cloud.callUntyped('fx-whoami', { tag })
    expect(res.status).toBe(200)
    expect((res.body as { tag: string }).tag.length).toBe(tag.length)
  })

  test('an event over 6 MB is a 413 with a structured error and the function does not run', async () => {
    const body = JSON.stringify({ tag: 'x'.repeat(EVENT_BODY_LIMIT) })
    const res = await cloud.request('POST', '/functions/fx-whoami', { body, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(res.headers['x-cloud-db-ops']).toBeUndefined()
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ ok: false, code: 'EXCEED_MAX_PAYLOAD_SIZE', message: expect.stringMatching(/6 MB/) as unknown })
  })

  test('an oversized body without a declared length is counted as it arrives and refused', async () => {
    const chunk = Buffer.alloc(512 * 1024, 0x20)
    const res = await rawRequest(head('transfer-encoding: chunked\r\n'), (socket) => {
      const chunks = Math.ceil(EVENT_BODY_LIMIT / chunk.length) + 2
      for (let i = 0; i < chunks; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`)
      socket.write('0\r\n\r\n')
    })
    expect(res).toMatchObject({ status: 413, body: { ok: false, code: 'EXCEED_MAX_PAYLOAD_SIZE' } })
  })

  test('a body declared far larger is refused before any of it is sent', async () => {
    const res = await rawRequest(head(`content-length: ${100 * 1024 * 1024}\r\n`), () => undefined)
    expect(res).toMatchObject({ status: 413, body: { ok: false, code: 'EXCEED_MAX_PAYLOAD_SIZE' } })
  })
})

describe('deadline', () => {
  beforeAll(async () => {
    cloud = await startTestCloud({ functions: ['fx-whoami'], doors: { bodyTimeoutMs: BODY_DEADLINE_MS } })
  })
  afterAll(() => cloud.close())

  test('a body that stalls half-way times out with 408 and the connection is closed', async () => {
    const res = await rawRequest(head('content-length: 100\r\n'), (socket) => socket.write('{"tag":'))
    expect(res).toMatchObject({ status: 408, body: { ok: false, code: 'REQUEST_TIMEOUT' } })
  })

  test('a body that keeps trickling past the deadline times out too', async () => {
    let timer: NodeJS.Timeout | undefined
    const res = await rawRequest(head('content-length: 100000\r\n'), (socket) => {
      timer = setInterval(() => socket.writable && socket.write(' '), BODY_DEADLINE_MS / 8)
    })
    clearInterval(timer)
    expect(res).toMatchObject({ status: 408, body: { ok: false, code: 'REQUEST_TIMEOUT' } })
  })

  test('after a refused body the cloud still answers', async () => {
    expect((await cloud.callUntyped('fx-whoami', { tag: 'still here' })).body).toMatchObject({ tag: 'still here' })
  })
})
