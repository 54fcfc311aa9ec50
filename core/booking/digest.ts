/**
 * SHA-256 and HMAC-SHA256 of text, for the check-in code and the lottery's draw values. The hashing is
 * @noble/hashes (audited, pure JS, synchronous — the mini-program has no WebCrypto for the organizer's draw check).
 * Text is encoded to UTF-8 here rather than by the library, which relies on TextEncoder: mini-program engines do not
 * all provide it.
 */
import { hmac } from '@noble/hashes/hmac'
import { sha256 as sha256Bytes } from '@noble/hashes/sha2'
import { bytesToHex } from '@noble/hashes/utils'

/** UTF-8 bytes of `text`; a lone surrogate becomes U+FFFD, as TextEncoder (and Node) encode it. */
export function utf8(text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

export const sha256 = (text: string): Uint8Array => sha256Bytes(utf8(text))

export const hmacSha256 = (key: string, text: string): Uint8Array => hmac(sha256Bytes, utf8(key), utf8(text))

export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes)
