/**
 * 我的位置, for distances and the service points map. Resolved per platform by Taro: position.weapp.ts (WeChat's own
 * location in GCJ-02, the datum the services are stored in) or position.h5.ts (the browser's, shifted to GCJ-02). Both
 * implement PositionReader. (A questionnaire's location answer is components/survey/locate: a place picked on a map.)
 */
import type { PositionReader } from './types'

export declare const position: PositionReader
