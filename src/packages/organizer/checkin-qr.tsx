/**
 * The check-in QR code drawn with plain views, so it renders the same on weapp and H5 without a canvas or an image
 * file: each row is a line of dark runs (consecutive dark modules merged into one block).
 */
import { useMemo } from 'react'
import { View } from '@tarojs/components'
import { create } from 'qrcode/lib/core/qrcode'
import './checkin-qr.scss'

/** Quiet zone around the symbol, in modules (the QR spec asks for 4; 2 is enough on a white card). */
const QUIET = 2

interface Run {
  start: number
  length: number
}

function rowsOf(text: string): { size: number; rows: Run[][] } {
  // Byte mode from char codes: the payload is ASCII, and this avoids TextEncoder (missing in some mini-program runtimes).
  const bytes = new Uint8Array(Array.from(text, (c) => c.charCodeAt(0) & 0xff))
  const { modules } = create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' })
  const rows: Run[][] = []
  for (let y = 0; y < modules.size; y++) {
    const runs: Run[] = []
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue
      const last = runs[runs.length - 1]
      if (last && last.start + last.length === x) last.length++
      else runs.push({ start: x, length: 1 })
    }
    rows.push(runs)
  }
  return { size: modules.size, rows }
}

export default function CheckinQr({ payload, label }: { payload: string; label: string }) {
  const { size, rows } = useMemo(() => rowsOf(payload), [payload])
  const cell = 100 / (size + 2 * QUIET)
  return (
    <View className='checkin-qr' id='checkin-qr' data-payload={payload} aria-role='img' aria-label={label}>
      {rows.map((runs, y) => (
        <View key={y} className='checkin-qr__row' style={{ top: `${(y + QUIET) * cell}%`, height: `${cell}%` }}>
          {runs.map((r) => (
            <View key={r.start} className='checkin-qr__dark' style={{ left: `${(r.start + QUIET) * cell}%`, width: `${r.length * cell}%` }} />
          ))}
        </View>
      ))}
    </View>
  )
}
