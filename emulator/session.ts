/**
 * Who a browser caller is, on the local cloud's own terms. On WeChat the platform vouches for the OPENID; a browser
 * has nothing like it, so the local cloud has three ways to decide, chosen once at start-up from where it listens and
 * whether it has a signing secret:
 *
 * | door | when | identity of an H5 call |
 * |---|---|---|
 * | `header` | bound to loopback, no secret | the `x-wx-openid` header, trusted: only this machine can reach the port |
 * | `signed` | a secret is configured | a session token in `x-cloud-session`, HMAC-signed with the secret; `x-wx-openid` is refused |
 * | `closed` | bound beyond loopback, no secret | none: `x-wx-openid` is refused, since anyone on the network could claim any user |
 *
 * A refused header or a bad token is a 401 with a structured error rather than a silent call without identity, so a
 * misconfigured client shows up as what it is instead of as a function answering "please log in".
 *
 * A token is `v1.<openid>.<expiresAt>.<signature>`: the openid is readable (the H5 client shows who it is signed in
 * as) and cannot contain a dot; the signature is base64url HMAC-SHA256 over everything before it. Expiry is measured
 * on the wall clock, like upload tickets: it is real time that passes for a link, not the cloud's test clock.
 */
import crypto from 'crypto'
import net from 'net'

export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/
/** The shortest secret accepted: 32 characters, e.g. 24 random bytes in base64. */
export const MIN_SECRET_LENGTH = 32
/** How long a printed sign-in link stays good. */
export const SESSION_LIFETIME_MS = 7 * 24 * 3600_000

const TOKEN_VERSION = 'v1'

export type IdentityDoorKind = 'header' | 'signed' | 'closed'

/** Why a request's claim to an identity was not accepted: 400 for a malformed header, else 401. */
export class IdentityRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 = 401
  ) {
    super(message)
  }
}

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true
  const bare = host.replace(/^\[|\]$/g, '').replace(/^::ffff:/, '')
  if (net.isIPv4(bare)) return bare.startsWith('127.')
  return bare === '::1'
}

function signature(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('base64url')
}

/** A session token for `openid`, good until `expiresAt` (epoch ms). */
export function signSession(secret: string, openid: string, expiresAt: number): string {
  if (!OPENID_PATTERN.test(openid)) throw new Error(`not an openid: ${openid}`)
  const payload = `${TOKEN_VERSION}.${openid}.${Math.floor(expiresAt)}`
  return `${payload}.${signature(secret, payload)}`
}

/** The openid a token vouches for, or the reason it vouches for nothing. */
export function verifySession(secret: string, token: string, now: number): { openid: string } | { problem: string } {
  const parts = token.split('.')
  if (parts.length !== 4 || parts[0] !== TOKEN_VERSION || !OPENID_PATTERN.test(parts[1]) || !/^\d{1,16}$/.test(parts[2])) {
    return { problem: '会话令牌格式不正确' }
  }
  const expected = Buffer.from(signature(secret, parts.slice(0, 3).join('.')))
  const given = Buffer.from(parts[3])
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { problem: '会话令牌签名无效' }
  if (Number(parts[2]) <= now) return { problem: '会话令牌已过期，请重新打开登录链接' }
  return { openid: parts[1] }
}

export interface IdentityDoor {
  kind: IdentityDoorKind
  /** The caller's openid from the request's headers (undefined: a caller without identity); throws IdentityRefused. */
  openid(headers: { openid?: string; session?: string }): string | undefined
  /** What start-up says about the door, or nothing for the everyday loopback case. */
  notice: string | undefined
  /** A sign-in token for `openid` (signed door only). */
  sign?: (openid: string) => string
}

export function identityDoor(host: string, secret: string | undefined, now: () => number = Date.now): IdentityDoor {
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the session secret must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  if (secret) {
    return {
      kind: 'signed',
      notice:
        '本地云已配置会话签名密钥（CLOUD_SESSION_SECRET）：H5 调用须带签名会话令牌（请求头 x-cloud-session），不再接受 x-wx-openid；用启动时打印的登录链接登录。',
      sign: (openid) => signSession(secret, openid, now() + SESSION_LIFETIME_MS),
      openid: ({ openid, session }) => {
        if (session === undefined) {
          if (openid !== undefined) throw new IdentityRefused('本地云已启用签名会话，不接受 x-wx-openid：请用登录链接登录')
          return undefined
        }
        const verdict = verifySession(secret, session, now())
        if ('problem' in verdict) throw new IdentityRefused(verdict.problem)
        return verdict.openid
      }
    }
  }
  if (isLoopbackHost(host)) {
    return {
      kind: 'header',
      notice: undefined,
      openid: ({ openid }) => {
        if (openid !== undefined && !OPENID_PATTERN.test(openid)) throw new IdentityRefused('x-wx-openid 格式不正确', 400)
        return openid
      }
    }
  }
  return {
    kind: 'closed',
    notice:
      `本地云监听在 ${host}（不只是本机回环地址）且未配置 CLOUD_SESSION_SECRET：不接受 x-wx-openid 请求头——网络上任何人都能用它冒充任何用户。` +
      '自称身份的调用以 401 拒绝，不带身份的调用照常运行；要在网络上登录，请配置 CLOUD_SESSION_SECRET（至少 32 个字符）后用签名登录链接。',
    openid: ({ openid, session }) => {
      if (openid !== undefined || session !== undefined) {
        throw new IdentityRefused('本地云未配置会话签名密钥且不只监听本机，不接受调用者自称的身份')
      }
      return undefined
    }
  }
}
