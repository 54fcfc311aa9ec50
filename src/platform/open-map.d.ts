/**
 * 导航 to a service centre. Resolved per platform by Taro: open-map.weapp.ts (WeChat's own map, from which the phone's
 * navigation apps can be chosen) or open-map.h5.ts (an Amap marker page in a new tab). Both implement MapOpener.
 */
import type { MapOpener } from './types'

export declare const mapOpener: MapOpener
