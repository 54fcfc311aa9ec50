/**
 * A QR code as an RGBA PNG of an exact pixel width. The symbol comes from the qrcode package; the PNG is written with
 * the shared zlib-based writer, which is fast in every runtime (qrcode's own PNG path is ~40× slower inside jest's sandbox).
 */
import QRCode from 'qrcode'
import { encodePng } from '../png'

export interface Rgba {
  r: number
  g: number
  b: number
  a: number
}

/** `margin` is in modules (the quiet zone); the symbol is scaled to fill `width` pixels. */
export function qrPng(text: string, options: { width: number; margin: number; dark: Rgba; light: Rgba }): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const size = qr.modules.size
  const modules = qr.modules.data
  const { width, margin, dark, light } = options
  const scale = width / (size + 2 * margin)
  const ink = Uint8Array.of(dark.r, dark.g, dark.b, dark.a)
  const paper = Uint8Array.of(light.r, light.g, light.b, light.a)
  const pixels = new Uint8Array(width * width * 4)
  for (let y = 0; y < width; y++) {
    const row = Math.floor(y / scale) - margin
    for (let x = 0; x < width; x++) {
      const col = Math.floor(x / scale) - margin
      const on = row >= 0 && row < size && col >= 0 && col < size && modules[row * size + col] === 1
      pixels.set(on ? ink : paper, (y * width + x) * 4)
    }
  }
  return encodePng(width, width, pixels)
}
