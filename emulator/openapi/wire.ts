/**
 * The wire format of cloud calls (云调用) as wx-server-sdk 4.0.2 sends them: a multipart/form-data POST to the admin
 * API (node-sdk wx/index.js callCompatibleWxOpenApi, `action: 'wx.openApi'`) whose `requestData` field is a protobuf
 * `CommApiData` {1: apiType, 2: OpenApiData {1: repeated KeyValuePair {1 key, 2 value, 3 contenttype, 4 filename}},
 * 6: appid}; each value is the JSON of one snake_cased parameter. The answer is a protobuf `CommOpenApiResp`
 * {1: respData, 2: contentType, 3: errorCode (int32), 4: httpCode} (field numbers from the SDK's src/protobuf/openapi.js).
 */

export interface FormPart {
  name: string
  value: Buffer
  contentType?: string
}

/** Splits a multipart/form-data body into its parts. */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  if (!m) throw new Error('multipart body without boundary')
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`)
  const parts: FormPart[] = []
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    const start = pos + delimiter.length
    // `--boundary--` closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break
    const headerEnd = body.indexOf('\r\n\r\n', start)
    if (headerEnd === -1) throw new Error('truncated multipart body')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next === -1) throw new Error('truncated multipart body')
    const headers = body.subarray(start, headerEnd).toString('utf8')
    const name = /name="([^"]*)"/i.exec(headers)?.[1]
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]
    if (name !== undefined) parts.push({ name, value: body.subarray(headerEnd + 4, next), ...(type ? { contentType: type.trim() } : {}) })
    pos = next + 2
  }
  return parts
}

class Reader {
  pos = 0
  constructor(private readonly buf: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.buf.length
  }
  varint(): bigint {
    let result = 0n
    for (let shift = 0n; ; shift += 7n) {
      if (this.pos >= this.buf.length) throw new Error('truncated protobuf varint')
      const b = this.buf[this.pos++]
      result |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return result
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint())
    if (this.pos + len > this.buf.length) throw new Error('truncated protobuf field')
    const out = this.buf.subarray(this.pos, this.pos + len)
    this.pos += len
    return out
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint()
    else if (wireType === 2) this.bytes()
    else if (wireType === 1) this.pos += 8
    else if (wireType === 5) this.pos += 4
    else throw new Error(`unsupported protobuf wire type ${wireType}`)
  }
  /** Calls `field` for each (number, wireType) and skips what it does not consume. */
  each(field: (no: number, wireType: number) => boolean): void {
    while (!this.done) {
      const tag = Number(this.varint())
      if (!field(tag >>> 3, tag & 7)) this.skip(tag & 7)
    }
  }
}

export interface KeyValuePair {
  key: string
  value: Buffer
  contenttype?: string
  filename?: string
}

export interface CommApiData {
  apiType: number
  pairs: KeyValuePair[]
  appid?: string
}

const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8')

export function decodeCommApiData(buf: Uint8Array): CommApiData {
  const out: CommApiData = { apiType: 0, pairs: [] }
  const r = new Reader(buf)
  r.each((no, wt) => {
    if (no === 1 && wt === 0) {
      out.apiType = Number(BigInt.asIntN(32, r.varint()))
      return true
    }
    if (no === 2 && wt === 2) {
      const data = new Reader(r.bytes())
      data.each((n, w) => {
        if (n !== 1 || w !== 2) return false
        const pair: KeyValuePair = { key: '', value: Buffer.alloc(0) }
        const p = new Reader(data.bytes())
        p.each((k, kw) => {
          if (kw !== 2) return false
          const v = p.bytes()
          if (k === 1) pair.key = utf8(v)
          else if (k === 2) pair.value = Buffer.from(v)
          else if (k === 3) pair.contenttype = utf8(v)
          else if (k === 4) pair.filename = utf8(v)
          return true
        })
        out.pairs.push(pair)
        return true
      })
      return true
    }
    if (no === 6 && wt === 2) {
      out.appid = utf8(r.bytes())
      return true
    }
    return false
  })
  return out
}

function varint(value: bigint): number[] {
  // int32 negatives are sign-extended to 64 bits on the wire (10 bytes), as protobufjs writes them.
  let v = BigInt.asUintN(64, value)
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

function lengthDelimited(no: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(varint(BigInt((no << 3) | 2))), Buffer.from(varint(BigInt(bytes.length))), bytes])
}

export interface CommOpenApiResp {
  respData?: Buffer
  contentType?: string
  errorCode?: number
  httpCode?: number
}

export function encodeCommOpenApiResp(resp: CommOpenApiResp): Buffer {
  const parts: Buffer[] = []
  if (resp.respData) parts.push(lengthDelimited(1, resp.respData))
  if (resp.contentType) parts.push(lengthDelimited(2, Buffer.from(resp.contentType)))
  if (resp.errorCode) parts.push(Buffer.from([...varint(BigInt(3 << 3)), ...varint(BigInt(resp.errorCode))]))
  if (resp.httpCode) parts.push(Buffer.from([...varint(BigInt(4 << 3)), ...varint(BigInt(resp.httpCode))]))
  return Buffer.concat(parts)
}
