/** WeChat shows the place on its map, with a button to route there in the phone's navigation app. */
import Taro from '@tarojs/taro'
import type { MapOpener } from './types'

/** Street level: the centre and the roads around it. */
const STREET_SCALE = 17

export const mapOpener: MapOpener = {
  open: async (place) => {
    try {
      await Taro.openLocation({ latitude: place.lat, longitude: place.lng, name: place.name, address: place.address, scale: STREET_SCALE })
      return undefined
    } catch {
      return { ok: false, code: 'INTERNAL', message: '没能打开地图，可以按地址在地图应用里搜索' }
    }
  }
}
