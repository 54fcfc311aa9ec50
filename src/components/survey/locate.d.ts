/**
 * Where a location question's answer comes from, per platform (Taro builds locate.weapp.ts or locate.h5.ts): on
 * WeChat the respondent picks the place on WeChat's own map; in a browser, which has no map tiles here, the phone's
 * current position is offered instead, with a plain message when it cannot be had.
 */
import type { Locator } from './locate-types'

export declare const locator: Locator
