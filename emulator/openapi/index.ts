/**
 * Cloud calls (云调用, `cloud.openapi.*`) the functions use, answered locally:
 * - `subscribeMessage.send` — recorded in the `outbox` collection instead of being delivered;
 * - `security.msgSecCheck` — v1 and v2 (`version: 2`), against the word list in risky-words.txt;
 * - `wxacode.getUnlimited` — a real PNG QR code of `<page>?scene=<scene>`, drawn by the qrcode package.
 * Like the platform, a function may only call the APIs listed under `permissions.openapi` in its config.json
 * (errCode -604101), unknown APIs fail with -604100, and calls from outside a function with -604104.
 */
import fs from 'fs'
import path from 'path'
import { randomBytes } from 'crypto'
import QRCode from 'qrcode'
import type { Database } from '../db'
import { decodeCommApiData, encodeCommOpenApiResp } from './wire'

export const OUTBOX_COLLECTION = 'outbox'

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const
type MiniprogramState = (typeof MINIPROGRAM_STATES)[number]
const isMiniprogramState = (v: unknown): v is MiniprogramState => MINIPROGRAM_STATES.some((s) => s === v)

/** A subscribe message as the local cloud records it in `outbox` instead of delivering it. */
export interface OutboxMessage {
  _id: string
  type: 'subscribeMessage'
  touser: string
  templateId: string
  page: string
  /** The template fields as sent: `{thing1: {value: '瑜伽'}, …}`; each value was present and not empty. */
  data: Record<string, { value: unknown }>
  miniprogramState: MiniprogramState
  lang?: string
  status: 'sent'
  sentAt: number
  createdAt: number
}

/** wx-server-sdk config/error.config.ts */
export const OPENAPI_NOT_FOUND = -604100
export const OPENAPI_NO_PERMISSION = -604101
export const OPENAPI_ILLEGAL_SOURCE = -604104

export interface OpenApiCaller {
  /** The calling function, or undefined when the request came from outside any invocation. */
  fn?: string
  permissions: string[]
}

interface ApiResult {
  /** A JSON answer (WeChat's `{errcode, errmsg, ...}`) or a binary one. */
  json?: Record<string, unknown>
  binary?: { contentType: string; data: Buffer }
}

type Params = Record<string, unknown>

interface RiskyWord {
  word: string
  label: number
}

export function loadRiskyWords(file = path.join(__dirname, 'risky-words.txt')): RiskyWord[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [word, label] = l.split(/\s+/)
      return { word: word.toLowerCase(), label: Number(label) || 21000 }
    })
}

const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/**
 * PNG encoding for QR codes (passed by qrcode to its PNG codec, pngjs): a QR code's pixel rows repeat, so the fixed
 * "Up" filter leaves mostly zeros that plain deflate packs smaller than the default per-row filter search — which is
 * also ~20× slower inside jest's sandbox, where the local cloud runs during tests.
 */
const QR_PNG = { filterType: 2, deflateStrategy: 0 }

function wxError(errcode: number, errmsg: string): ApiResult {
  return { json: { errcode, errmsg } }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export class OpenApi {
  private readonly words: RiskyWord[]

  constructor(private readonly db: Database) {
    this.words = loadRiskyWords()
  }

  /**
   * Answers one `wx.openApi` request: `requestData` is the protobuf CommApiData, the result a protobuf CommOpenApiResp.
   */
  async handle(apiName: string, requestData: Buffer, caller: OpenApiCaller): Promise<Buffer> {
    if (!caller.fn) return encodeCommOpenApiResp({ errorCode: OPENAPI_ILLEGAL_SOURCE })
    const api = this.api(apiName)
    if (!api) return encodeCommOpenApiResp({ errorCode: OPENAPI_NOT_FOUND })
    if (!caller.permissions.includes(apiName)) return encodeCommOpenApiResp({ errorCode: OPENAPI_NO_PERMISSION })
    const params: Params = {}
    for (const pair of decodeCommApiData(requestData).pairs) {
      // Media parameters arrive as raw bytes with a content type; everything else is the JSON of one value.
      params[pair.key] = pair.contenttype ? { contentType: pair.contenttype, value: pair.value } : JSON.parse(pair.value.toString('utf8'))
    }
    const result = await api(params)
    if (result.binary) {
      return encodeCommOpenApiResp({ respData: result.binary.data, contentType: result.binary.contentType, httpCode: 200 })
    }
    return encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(result.json)), contentType: 'application/json; charset=utf-8', httpCode: 200 })
  }

  private api(name: string): ((p: Params) => ApiResult | Promise<ApiResult>) | undefined {
    switch (name) {
      case 'subscribeMessage.send':
        return (p) => this.subscribeMessageSend(p)
      case 'security.msgSecCheck':
        return (p) => this.msgSecCheck(p)
      case 'wxacode.getUnlimited':
        return (p) => this.getUnlimited(p)
      default:
        return undefined
    }
  }

  /** https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html */
  private subscribeMessageSend(p: Params): ApiResult {
    if (typeof p.touser !== 'string' || !p.touser) return wxError(40003, 'invalid openid')
    if (typeof p.template_id !== 'string' || !p.template_id) return wxError(40037, 'invalid template_id')
    if (!isObject(p.data)) return wxError(47003, 'argument invalid! data is empty')
    for (const [key, item] of Object.entries(p.data)) {
      if (!isObject(item) || item.value === undefined || item.value === '') return wxError(47003, `argument invalid! data.${key}.value is empty`)
    }
    const state = p.miniprogram_state ?? 'formal'
    if (!isMiniprogramState(state)) return wxError(47003, 'argument invalid! miniprogram_state')
    const now = this.db.now()
    const message: Omit<OutboxMessage, '_id'> = {
      type: 'subscribeMessage',
      touser: p.touser,
      templateId: p.template_id,
      page: typeof p.page === 'string' ? p.page : '',
      // Each field was checked just above.
      data: p.data as OutboxMessage['data'],
      miniprogramState: state,
      ...(typeof p.lang === 'string' ? { lang: p.lang } : {}),
      status: 'sent',
      sentAt: now,
      createdAt: now
    }
    this.db.insert(OUTBOX_COLLECTION, [message])
    return { json: { errcode: 0, errmsg: 'ok' } }
  }

  /** https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html */
  private msgSecCheck(p: Params): ApiResult {
    if (typeof p.content !== 'string' || !p.content) return wxError(47001, 'data format error')
    const texts = [p.content, p.title, p.nickname, p.signature].filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase())
    const hits = this.words.filter((w) => texts.some((t) => t.includes(w.word)))
    if (Number(p.version) !== 2) {
      return hits.length ? wxError(87014, 'risky content') : { json: { errcode: 0, errmsg: 'ok' } }
    }
    if (typeof p.openid !== 'string' || !p.openid) return wxError(40003, 'invalid openid')
    if (![1, 2, 3, 4].includes(Number(p.scene))) return wxError(40129, 'invalid scene')
    const label = hits.length ? hits[0].label : 100
    const suggest = hits.length ? 'risky' : 'pass'
    const detail: Record<string, unknown>[] = [{ strategy: 'content_model', errcode: 0, suggest, label, prob: hits.length ? 90 : 0 }]
    for (const h of hits) detail.push({ strategy: 'keyword', errcode: 0, suggest: 'risky', label: h.label, level: 20, keyword: h.word })
    return { json: { errcode: 0, errmsg: 'ok', result: { suggest, label }, detail, trace_id: randomBytes(12).toString('hex') } }
  }

  /** https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getUnlimitedQRCode.html */
  private async getUnlimited(p: Params): Promise<ApiResult> {
    if (typeof p.scene !== 'string' || !SCENE_CHARS.test(p.scene)) return wxError(40169, 'invalid length for scene, or the data is not json string')
    const page = p.page ?? 'pages/index/index'
    if (typeof page !== 'string' || page.startsWith('/') || page === '') return wxError(41030, 'invalid page rid')
    const envVersion = p.env_version ?? 'release'
    if (!['release', 'trial', 'develop'].includes(envVersion as string)) return wxError(40097, 'invalid args')
    const width = Math.min(1280, Math.max(280, Number(p.width ?? 430) || 430))
    const line = isObject(p.line_color) && p.auto_color !== true ? p.line_color : { r: 0, g: 0, b: 0 }
    const hex = (n: unknown) => Math.max(0, Math.min(255, Number(n) || 0)).toString(16).padStart(2, '0')
    const data = await QRCode.toBuffer(`${page}?scene=${encodeURIComponent(p.scene)}`, {
      type: 'png',
      // A copy: qrcode writes the image size into the options it is given.
      rendererOpts: { ...QR_PNG },
      errorCorrectionLevel: 'M',
      width,
      margin: 2,
      color: { dark: `#${hex(line.r)}${hex(line.g)}${hex(line.b)}ff`, light: p.is_hyaline === true ? '#ffffff00' : '#ffffffff' }
    })
    return { binary: { contentType: 'image/png', data } }
  }
}
