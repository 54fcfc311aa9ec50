/**
 * A QR code as an RGBA PNG of an exact pixel width. The symbol comes from the qrcode package; the PNG is written here
 * with Node's zlib, which is fast in every runtime (qrcode's own PNG path is ~40× slower inside jest's sandbox).
 */
import zlib from 'zlib'
import QRCode from 'qrcode'

export interface Rgba {
  r: number
  g: number
  b: number
  a: number
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** `margin` is in modules (the quiet zone); the symbol is scaled to fill `width` pixels. */
export function qrPng(text: string, options: { width: number; margin: number; dark: Rgba; light: Rgba }): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const modules = qr.modules.data
  const { width, margin, dark, light } = options
  const scale = width / (size + 2 * margin)
  const stride = width * 4 + 1
  const raw = Buffer.alloc(stride * width)
  for (let y = 0; y < width; y++) {
    const row = Math.floor(y / scale) - margin
    // Each scanline starts with filter type 0 (none).
    raw[y * stride] = 0
    for (let x = 0; x < width; x++) {
      const col = Math.floor(x / scale) - margin
      const on = row >= 0 && row < size && col >= 0 && col < size && modules[row * size + col] === 1
      const c = on ? dark : light
      const o = y * stride + 1 + x * 4
      raw[o] = c.r
      raw[o + 1] = c.g
      raw[o + 2] = c.b
      raw[o + 3] = c.a
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(width, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}
