/**
 * The centre the person last opened, kept on the phone: until they share where they are, 首页 shows that centre rather
 * than 友邻空间. Only a public centre's id is kept — never a position.
 */
import Taro from '@tarojs/taro'

const KEY = 'centre.chosen'

export function chosenCentreId(): string | undefined {
  const value = Taro.getStorageSync<unknown>(KEY)
  return typeof value === 'string' && value !== '' ? value : undefined
}

export const rememberChosenCentre = (centreId: string): void => Taro.setStorageSync(KEY, centreId)

/** A centre's page, and the whole directory. */
export const centreUrl = (centreId: string): string => `/packages/centre/detail?centreId=${encodeURIComponent(centreId)}`
export const CENTRES_URL = '/packages/centre/centres'
