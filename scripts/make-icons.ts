/**
 * Draws the app's bitmap assets (tab bar icons, the empty/error illustrations, the share card) into src/assets as PNG.
 * The mini-program tab bar only accepts local PNG/JPG files, and NutUI's Empty must not load its default images from
 * an outside CDN, so the app ships its own. Colours come from the theme tokens.
 * Run `npx tsx scripts/make-icons.ts` after changing a shape or a colour; the PNGs are committed.
 */
import fs from 'node:fs'
import path from 'node:path'
import { encodePng } from '../emulator/png'
import { palette } from '../src/theme/tokens'

type Shape = (x: number, y: number) => boolean
interface Layer {
  color: string
  shape: Shape
}

const outDir = path.resolve(__dirname, '../src/assets')

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

/** Paints layers in order (later on top) with 4×4 supersampling; shapes use 0..1 coordinates across the width. */
function render(width: number, height: number, layers: Layer[], background?: string): Buffer {
  const px = new Uint8Array(width * height * 4)
  const colors = layers.map((l) => rgb(l.color))
  const bg = background ? rgb(background) : undefined
  const samples = 4
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / width
          const v = (y + (sy + 0.5) / samples) / width
          let hit: [number, number, number] | undefined = bg
          for (let i = layers.length - 1; i >= 0; i--) {
            if (layers[i].shape(u, v)) {
              hit = colors[i]
              break
            }
          }
          if (hit) {
            r += hit[0]
            g += hit[1]
            b += hit[2]
            a += 1
          }
        }
      }
      const o = (y * width + x) * 4
      if (a > 0) {
        px[o] = Math.round(r / a)
        px[o + 1] = Math.round(g / a)
        px[o + 2] = Math.round(b / a)
        px[o + 3] = Math.round((255 * a) / (samples * samples))
      }
    }
  }
  return encodePng(width, height, px)
}

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r

const ring =
  (cx: number, cy: number, r: number, w: number): Shape =>
  (x, y) => {
    const d = Math.hypot(x - cx, y - cy)
    return d <= r + w / 2 && d >= r - w / 2
  }

const segment =
  (ax: number, ay: number, bx: number, by: number, w: number): Shape =>
  (x, y) => {
    const dx = bx - ax
    const dy = by - ay
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return Math.hypot(x - ax - t * dx, y - ay - t * dy) <= w / 2
  }

const polyline = (points: Array<[number, number]>, w: number): Shape => {
  const parts = points.slice(1).map((p, i) => segment(points[i][0], points[i][1], p[0], p[1], w))
  return (x, y) => parts.some((s) => s(x, y))
}

const roundRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false
    const cx = Math.min(Math.max(x, x0 + r), x1 - r)
    const cy = Math.min(Math.max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
  }

const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y)

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y))

/** The classic implicit heart (x²+y²−1)³ − x²y³ ≤ 0, centred at (cx, cy), `s` wide. */
const heart =
  (cx: number, cy: number, s: number): Shape =>
  (x, y) => {
    const u = (x - cx) / (s / 2.3)
    const v = -(y - cy) / (s / 2.3)
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0
  }

const arc = (cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, w: number): Shape => {
  const steps = 32
  const points: Array<[number, number]> = []
  for (let i = 0; i <= steps; i++) {
    const a = a0 + ((a1 - a0) * i) / steps
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)])
  }
  return polyline(points, w)
}

const stroke = 0.075

const tabIcons: Record<string, Shape> = {
  home: union(
    polyline([[0.12, 0.5], [0.5, 0.16], [0.88, 0.5]], stroke),
    polyline([[0.24, 0.46], [0.24, 0.85], [0.76, 0.85], [0.76, 0.46]], stroke),
    polyline([[0.42, 0.85], [0.42, 0.64], [0.58, 0.64], [0.58, 0.85]], stroke)
  ),
  courses: union(
    polyline([[0.5, 0.3], [0.14, 0.22], [0.14, 0.76], [0.5, 0.84], [0.86, 0.76], [0.86, 0.22], [0.5, 0.3]], stroke),
    segment(0.5, 0.3, 0.5, 0.84, stroke),
    segment(0.25, 0.4, 0.39, 0.43, stroke * 0.7),
    segment(0.25, 0.54, 0.39, 0.57, stroke * 0.7),
    segment(0.61, 0.43, 0.75, 0.4, stroke * 0.7),
    segment(0.61, 0.57, 0.75, 0.54, stroke * 0.7)
  ),
  services: minus(heart(0.5, 0.52, 0.78), heart(0.5, 0.5, 0.55)),
  me: union(ring(0.5, 0.33, 0.15, stroke), arc(0.5, 0.88, 0.3, 0.28, Math.PI, 2 * Math.PI, stroke), segment(0.2, 0.88, 0.8, 0.88, stroke))
}

function writeAsset(name: string, png: Buffer): void {
  fs.mkdirSync(path.dirname(path.join(outDir, name)), { recursive: true })
  fs.writeFileSync(path.join(outDir, name), png)
  console.log(`${name}\t${png.length} B`)
}

for (const [name, shape] of Object.entries(tabIcons)) {
  writeAsset(`tabbar/${name}.png`, render(81, 81, [{ color: palette.textMuted, shape }]))
  writeAsset(`tabbar/${name}-active.png`, render(81, 81, [{ color: palette.primary, shape }]))
}

// A sheet of paper on a warm disc: "nothing here yet". Square, because NutUI's Empty shows its image square.
const sheet = roundRect(0.3, 0.24, 0.7, 0.78, 0.04)
const sheetEdge = roundRect(0.29, 0.23, 0.71, 0.79, 0.05)
writeAsset(
  'state/empty.png',
  render(240, 240, [
    { color: palette.accentLight, shape: circle(0.5, 0.5, 0.42) },
    { color: palette.border, shape: sheetEdge },
    { color: palette.surface, shape: sheet },
    { color: palette.border, shape: union(segment(0.38, 0.38, 0.62, 0.38, 0.03), segment(0.38, 0.48, 0.62, 0.48, 0.03), segment(0.38, 0.58, 0.54, 0.58, 0.03)) },
    { color: palette.primary, shape: heart(0.64, 0.72, 0.14) }
  ])
)

// The same sheet with a warning mark: "could not load".
writeAsset(
  'state/error.png',
  render(240, 240, [
    { color: palette.accentLight, shape: circle(0.5, 0.5, 0.42) },
    { color: palette.border, shape: sheetEdge },
    { color: palette.surface, shape: sheet },
    { color: palette.border, shape: union(segment(0.38, 0.38, 0.62, 0.38, 0.03), segment(0.38, 0.48, 0.52, 0.48, 0.03)) },
    { color: palette.accent, shape: circle(0.64, 0.68, 0.1) },
    { color: palette.surface, shape: union(segment(0.64, 0.625, 0.64, 0.695, 0.026), circle(0.64, 0.735, 0.014)) }
  ])
)

// Share card (5:4, as WeChat crops share images): a home under a heart on the theme red.
writeAsset(
  'share-card.png',
  render(
    500,
    400,
    [
      { color: palette.primaryPressed, shape: circle(0.86, 0.1, 0.3) },
      { color: palette.accent, shape: circle(0.1, 0.8, 0.2) },
      { color: palette.background, shape: polyline([[0.3, 0.45], [0.5, 0.27], [0.7, 0.45]], 0.045) },
      { color: palette.background, shape: polyline([[0.37, 0.42], [0.37, 0.66], [0.63, 0.66], [0.63, 0.42]], 0.045) },
      { color: palette.accentLight, shape: heart(0.5, 0.53, 0.14) }
    ],
    palette.primary
  )
)
