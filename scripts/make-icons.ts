/**
 * Renders the app's bitmap assets from their SVG sources in design/icons/ into src/assets as PNG: the tab bar icons
 * (the mini-program tab bar only accepts local PNG/JPG files), the empty/error illustrations (NutUI's Empty must not
 * load its default images from an outside CDN) and the share card. The SVGs are what a designer edits; resvg draws
 * them. Run `npx tsx scripts/make-icons.ts` after changing a source or a theme colour; the PNGs are committed.
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

const PALETTE = new Set(Object.values(palette).map((c) => c.toUpperCase()))

/** Colours written in a source that are not theme tokens: the illustrations must change with the theme. */
function offPalette(svg: string): string[] {
  return [...new Set(svg.match(/#[0-9A-Fa-f]{6}\b/g) ?? [])].filter((c) => !PALETTE.has(c.toUpperCase()))
}

function render(asset: Asset): Buffer {
  let svg = fs.readFileSync(path.join(SOURCES, asset.source), 'utf8')
  const strays = offPalette(svg)
  if (strays.length) throw new Error(`${asset.source}: ${strays.join(', ')} not in the theme palette (src/theme/tokens.ts)`)
  if (asset.color) svg = svg.replace('<svg ', `<svg color="${asset.color}" `)
  return new Resvg(svg, { fitTo: { mode: 'width', value: asset.width } }).render().asPng()
}

for (const asset of assets) {
  const png = render(asset)
  if (asset.limit !== undefined && png.length > asset.limit) throw new Error(`${asset.out}: ${png.length} B is over the ${asset.limit} B limit`)
  const file = path.join(ASSETS, asset.out)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, png)
  console.log(`${asset.out}\t${png.length} B`)
}
