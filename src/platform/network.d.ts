/**
 * The connection, per platform (Taro builds network.weapp.ts or network.h5.ts): WeChat reports it through
 * getNetworkType / onNetworkStatusChange; a browser through navigator.onLine and the online/offline events, which
 * Taro's H5 onNetworkStatusChange does not listen to. Both implement NetworkWatch.
 */
import type { NetworkWatch } from './types'

export declare const network: NetworkWatch
