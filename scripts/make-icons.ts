/**
 * Renders the app's bitmap assets from their SVG sources in design/icons/ into src/assets as PNG: the tab bar icons
 * (the mini-program tab bar only accepts local PNG/JPG files), the empty/error illustrations (NutUI's Empty must not
 * load its default images from an outside CDN) and the share card; and the H5 build's favicon.ico, copied next to
 * index.html by the H5 build (config/index.ts). The SVGs are what a designer edits; resvg draws them. Run
 * `npx tsx scripts/make-icons.ts` after changing a source or a theme colour; the outputs are committed.
 *
 * Colours come from the theme tokens: a tab icon is drawn in `currentColor` and rendered twice (muted, and primary
 * when selected); the other sources use palette colours literally, and a colour outside the palette fails the run.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import { palette } from '../src/theme/tokens'

const SOURCES = path.resolve(__dirname, '../design/icons')
const ASSETS = path.resolve(__dirname, '../src/assets')
/** WeChat's limit for each tab bar icon; 81×81 px is the size it recommends. */
const TAB_ICON_LIMIT = 40 * 1024
const TAB_ICON_PX = 81

interface Asset {
  /** Under design/icons. */
  source: string
  /** Under src/assets. */
  out: string
  width: number
  /** What `currentColor` paints. */
  color?: string
  limit?: number
}

const tabIcons = fs
  .readdirSync(path.join(SOURCES, 'tabbar'))
  .filter((f) => f.endsWith('.svg'))
  .map((f) => path.basename(f, '.svg'))

const assets: Asset[] = [
  ...tabIcons.flatMap((name) => [
    { source: `tabbar/${name}.svg`, out: `tabbar/${name}.png`, width: TAB_ICON_PX, color: palette.textMuted, limit: TAB_ICON_LIMIT },
    { source: `tabbar/${name}.svg`, out: `tabbar/${name}-active.png`, width: TAB_ICON_PX, color: palette.primary, limit: TAB_ICON_LIMIT }
  ]),
  // Square, because NutUI's Empty shows its image square.
  { source: 'state/empty.svg', out: 'state/empty.png', width: 240 },
  { source: 'state/error.svg', out: 'state/error.png', width: 240 },
  // 5:4, as WeChat crops share images.
  { source: 'share-card.svg', out: 'share-card.png', width: 500 }
]

/** Sizes a browser picks from for tabs, bookmarks and high-density screens. */
const FAVICON = { source: 'favicon.svg', out: 'favicon.ico', sizes: [16, 32, 48] }

const PALETTE = new Set(Object.values(palette).map((c) => c.toUpperCase()))

/** Colours written in a source that are not theme tokens: the illustrations must change with the theme. */
function offPalette(svg: string): string[] {
  return [...new Set(svg.match(/#[0-9A-Fa-f]{6}\b/g) ?? [])].filter((c) => !PALETTE.has(c.toUpperCase()))
}

function render(asset: Pick<Asset, 'source' | 'width' | 'color'>): Buffer {
  let svg = fs.readFileSync(path.join(SOURCES, asset.source), 'utf8')
  const strays = offPalette(svg)
  if (strays.length) throw new Error(`${asset.source}: ${strays.join(', ')} not in the theme palette (src/theme/tokens.ts)`)
  if (asset.color) svg = svg.replace('<svg ', `<svg color="${asset.color}" `)
  return new Resvg(svg, { fitTo: { mode: 'width', value: asset.width } }).render().asPng()
}

/**
 * An .ico file holding one PNG per size (every browser since 2006 reads PNG entries): a 6-byte header, a 16-byte
 * directory entry per image (width and height 0 mean 256), then the images.
 */
function ico(images: Array<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length + 16 * images.length
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size % 256, 0)
    entry.writeUInt8(size % 256, 1)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    return entry
  })
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)])
}

function write(out: string, bytes: Buffer): void {
  const file = path.join(ASSETS, out)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, bytes)
  console.log(`${out}\t${bytes.length} B`)
}

for (const asset of assets) {
  const png = render(asset)
  if (asset.limit !== undefined && png.length > asset.limit) throw new Error(`${asset.out}: ${png.length} B is over the ${asset.limit} B limit`)
  write(asset.out, png)
}
write(FAVICON.out, ico(FAVICON.sizes.map((size) => ({ size, png: render({ source: FAVICON.source, width: size }) }))))
