/**
 * The centre the person last opened, kept on the phone: until they share where they are, 首页 shows that centre rather
 * than 友邻空间. Only a public centre's id is kept — never a position. Also here, as 首页's card and the centre pages
 * share them: the links to the centre pages, and the line that says where a centre is.
 */
import Taro from '@tarojs/taro'
import type { CentreItem } from '@core/api/community'
import { formatDistance } from '@core/matching/geo'

const KEY = 'centre.chosen'

export function chosenCentreId(): string | undefined {
  const value = Taro.getStorageSync<unknown>(KEY)
  return typeof value === 'string' && value !== '' ? value : undefined
}

export const rememberChosenCentre = (centreId: string): void => Taro.setStorageSync(KEY, centreId)

/** A centre's page, and the whole directory. */
export const centreUrl = (centreId: string): string => `/packages/centre/detail?centreId=${encodeURIComponent(centreId)}`
export const CENTRES_URL = '/packages/centre/centres'

/** '安宁区 · 安宁西路街道 · 距你 1.2 公里'; the district is left out where it is the centre's name (西固区). */
export const placeLine = (centre: Pick<CentreItem, 'name' | 'district' | 'street' | 'distanceM'>): string =>
  [centre.name === centre.district ? undefined : centre.district, centre.street, centre.distanceM === undefined ? undefined : `距你 ${formatDistance(centre.distanceM)}`]
    .filter(Boolean)
    .join(' · ')
