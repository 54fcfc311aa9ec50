/**
 * The 省/市/区/街道 cascade a region question offers, and the check that an answer is a path in it.
 *
 * This is NOT a full administrative division table: it holds the part of 兰州市 the centres serve — the four central
 * districts with the streets the demo data and the centres name (酒泉路, 建兰路, 雁南, 土门墩, 刘家堡, 安宁西路 …) and
 * a few of their neighbours — and says so (`REGION_COVERAGE`), so a form can tell a respondent from elsewhere that
 * their street is not listed yet. Extending it is adding names here; answers store names, not codes, so a stored
 * answer stays readable whatever the table becomes.
 */

export interface RegionNode {
  name: string
  children?: readonly RegionNode[]
}

/** The level an answer of n names ends at: 1 省, 2 市, 3 区, 4 街道. */
export const REGION_LEVEL_NAMES = ['省份', '城市', '区县', '街道'] as const
export const REGION_MAX_LEVELS = REGION_LEVEL_NAMES.length

export const REGION_COVERAGE = '地区列表目前只收录兰州市城关区、七里河区、安宁区、西固区的部分街道'

const streets = (names: readonly string[]): RegionNode[] => names.map((name) => ({ name }))

export const REGIONS: readonly RegionNode[] = [
  {
    name: '甘肃省',
    children: [
      {
        name: '兰州市',
        children: [
          {
            name: '城关区',
            children: streets(['酒泉路街道', '张掖路街道', '皋兰路街道', '东岗街道', '五里铺街道', '雁南街道', '拱星墩街道', '嘉峪关路街道'])
          },
          { name: '七里河区', children: streets(['土门墩街道', '建兰路街道', '西园街道', '西湖街道', '敦煌路街道']) },
          { name: '安宁区', children: streets(['刘家堡街道', '安宁西路街道', '培黎街道', '十里店街道']) },
          { name: '西固区', children: streets(['陈坪街道', '先锋路街道', '福利路街道']) }
        ]
      }
    ]
  }
]

/** The names to offer after `path` (the provinces for []); [] when `path` is not in the table or is a street. */
export function regionOptions(path: readonly string[]): string[] {
  let level: readonly RegionNode[] = REGIONS
  for (const name of path) {
    const node = level.find((candidate) => candidate.name === name)
    if (!node?.children) return []
    level = node.children
  }
  return level.map((node) => node.name)
}

/** Is `path` a chain of names from a province down, each a child of the one before? */
export function isRegionPath(path: readonly unknown[]): boolean {
  if (path.length === 0 || path.length > REGION_MAX_LEVELS) return false
  let level: readonly RegionNode[] | undefined = REGIONS
  for (const name of path) {
    const node: RegionNode | undefined = level?.find((candidate) => candidate.name === name)
    if (!node) return false
    level = node.children
  }
  return true
}

/** How a region answer reads: '兰州市城关区酒泉路街道' (the province is left out when it is 甘肃省, as locals write it). */
export const regionText = (path: readonly string[]): string => (path[0] === '甘肃省' ? path.slice(1) : path).join('')
